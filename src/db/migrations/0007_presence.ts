// Who has an item open in the workspace (several app instances share the store), and which
// revisions were saved by the editor's autosave (consecutive ones by the same person coalesce).
import type { Kysely } from 'kysely';
import { dialectOf, timestampType } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  await db.schema
    .createTable('presence')
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('seen_at', timestampType(d), (c) => c.notNull())
    .addPrimaryKeyConstraint('presence_pk', ['entity_type', 'entity_id', 'user_id'])
    .execute();
  await db.schema.createIndex('presence_seen_ix').on('presence').column('seen_at').execute();
  await db.schema.alterTable('article_revision').addColumn('is_autosave', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('article_revision').dropColumn('is_autosave').execute();
  await db.schema.dropTable('presence').execute();
}

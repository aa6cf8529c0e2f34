// Authors, revisions and scheduled unpublishing for articles.
import type { Kysely } from 'kysely';
import { dialectOf, idColumn, idColumnType, timestampType } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  const ts = timestampType(d);
  await db.schema.alterTable('article').addColumn('author_id', 'integer', (c) => c.references('app_user.id').onDelete('set null')).execute();
  await db.schema.alterTable('article').addColumn('unpublish_at', ts).execute();
  await db.schema
    .createTable('article_revision')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('article.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('published_at', ts)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer')
    .addColumn('saved_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('article_revision_uq', ['article_id', 'revision'])
    .execute();
  await db.schema.createIndex('article_schedule_ix').on('article').columns(['status', 'published_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('article_revision').execute();
  await db.schema.dropIndex('article_schedule_ix').execute();
  await db.schema.alterTable('article').dropColumn('unpublish_at').execute();
  await db.schema.alterTable('article').dropColumn('author_id').execute();
}

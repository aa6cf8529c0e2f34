// Shareable preview links for drafts: a random token (kept hashed) that expires.
import type { Kysely } from 'kysely';
import { dialectOf, idColumn, idColumnType, timestampType } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  const ts = timestampType(d);
  await db.schema
    .createTable('preview_link')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('article.id').onDelete('cascade'))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('preview_link').execute();
}

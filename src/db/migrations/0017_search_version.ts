// Which way of making tokens the search index was built with (search/segment.ts TOKENS_VERSION).
// No row, or another version, and the index is built again from the content when the store is
// opened, in one transaction: a start stopped half-way leaves the old mark, so the next one builds it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('tokens', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_version').execute();
}

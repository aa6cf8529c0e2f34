// Ranking reads the index's size and total lengths on every query: without this index that read
// walked the whole search_doc table (its texts too); with it, only the index's small entries.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('search_doc_lengths_ix').on('search_doc').columns(['title_length', 'body_length']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('search_doc_lengths_ix').execute();
}

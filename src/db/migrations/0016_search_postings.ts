// Search ranks from precomputed postings: for every token of a document, an integer weight (its
// BM25 term part, fixed at write time), so that a query's ranking is a sum the store computes and
// orders by an index, reading only the best rows, not every match. Terms are counted as they are
// written (how many documents hold each token, and, under the empty token, how many documents a
// language has), so no query counts the index. The postings are built for the rows the index
// already has by the migration's caller (app.ts), as the index itself was after 0012.
import { sql, type Kysely } from 'kysely';
import { dialectOf, idColumn, idColumnType } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  await db.schema
    .createTable('search_term')
    .addColumn('id', idColumnType(dialect), idColumn(dialect))
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('docs', 'integer', (c) => c.notNull())
    .addUniqueConstraint('search_term_uq', ['token', 'lang'])
    .execute();
  // A few integers a row, many rows a document: on SQLite kept in the key's order, without a
  // rowid; on PostgreSQL the key's index holds the weight too, so that looking a token's weight
  // up by document reads the index only.
  let postings = db.schema
    .createTable('search_posting')
    .addColumn('term_id', 'integer', (c) => c.notNull())
    .addColumn('doc_id', 'integer', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    // The article's year of publication (0 for what freshness does not boost): ranking reads each
    // year's best postings apart, since a year's articles can gain at most so much from freshness.
    .addColumn('year', 'integer', (c) => c.notNull());
  if (dialect === 'sqlite') postings = postings.addPrimaryKeyConstraint('search_posting_pk', ['term_id', 'doc_id']).modifyEnd(sql`without rowid`);
  await postings.execute();
  if (dialect === 'postgres') await sql`ALTER TABLE search_posting ADD CONSTRAINT search_posting_pk PRIMARY KEY (term_id, doc_id) INCLUDE (weight)`.execute(db);
  // A one-word query reads a term's best postings of each year first, and stops.
  await sql`CREATE INDEX search_posting_rank_ix ON search_posting (term_id, year, weight DESC, doc_id)`.execute(db);
  // The few documents not visible now (dated later, or taken down) are found by these.
  await db.schema.createIndex('search_doc_published_ix').on('search_doc').column('published_at').execute();
  await db.schema.createIndex('search_doc_unpublish_ix').on('search_doc').column('unpublish_at').execute();
  // Ranking no longer reads the average length (the pivot is fixed): its index only cost writes.
  await db.schema.dropIndex('search_doc_lengths_ix').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('search_doc_lengths_ix').on('search_doc').columns(['title_length', 'body_length']).execute();
  await db.schema.dropIndex('search_doc_unpublish_ix').execute();
  await db.schema.dropIndex('search_doc_published_ix').execute();
  await db.schema.dropTable('search_posting').execute();
  await db.schema.dropTable('search_term').execute();
}

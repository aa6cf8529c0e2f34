// Ranking reads the years before the last few as one stream, in the order of a term's weights
// whatever their year (their articles can gain little from freshness): this index gives that order,
// with the year beside it so that a stream of some years leaves the others out without a lookup.
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres')
    await sql`CREATE INDEX search_posting_weight_ix ON search_posting (term_id, weight DESC, doc_id) INCLUDE (year)`.execute(db);
  else await sql`CREATE INDEX search_posting_weight_ix ON search_posting (term_id, weight DESC, doc_id, year)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('search_posting_weight_ix').execute();
}

// The mark of how the search index was made, kept beside it (migration 0017).
import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOf, type DB } from '../db/index.js';
import { TOKENS_VERSION } from './segment.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Whether the index was built with today's tokens (false before it was ever built). */
export async function searchIndexIsCurrent(db: Db): Promise<boolean> {
  const row = await db.selectFrom('search_version').select('tokens').where('id', '=', 1).executeTakeFirst();
  return row?.tokens === TOKENS_VERSION;
}

/** Marks the index as built with today's tokens: in the transaction that built it. */
export async function markSearchIndexBuilt(db: Db): Promise<void> {
  await db
    .insertInto('search_version')
    .values({ id: 1, tokens: TOKENS_VERSION })
    .onConflict((oc) => oc.column('id').doUpdateSet({ tokens: TOKENS_VERSION }))
    .execute();
}

/** Any number of our own, the same in every instance: the key of the lock below. */
const BUILD_LOCK = 0x6265_6775; // "begu"

/**
 * Waits until no other transaction is building the index, and keeps others waiting until this one
 * ends (PostgreSQL; SQLite has one writer at a time anyway): two instances started at once build it
 * once, the second finding it current.
 */
export async function lockSearchBuild(db: Transaction<DB>): Promise<void> {
  if (dialectOf(db) === 'postgres') await sql`select pg_advisory_xact_lock(${BUILD_LOCK})`.execute(db);
}

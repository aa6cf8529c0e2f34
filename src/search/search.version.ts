// The mark of how the search index was made, kept beside it (migration 0017).
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/index.js';
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

// The counter of changes visitors may see (migration 0010): the only place that queries it.
import type { Kysely } from 'kysely';
import type { DB } from '../db/index.js';

export function createSiteChangeRepo(db: Kysely<DB>) {
  return {
    async generation(): Promise<string> {
      const row = await db.selectFrom('site_change').select('generation').where('id', '=', 1).executeTakeFirst();
      return String(row?.generation ?? 0);
    },
  };
}


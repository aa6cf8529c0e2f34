// Redirect rows: old addresses that must keep working. The only place that queries `redirect`.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/index.js';

export interface Redirect {
  fromPath: string;
  toPath: string;
  statusCode: 301 | 302 | 308;
}

export function createRedirectsRepo(db: Kysely<DB> | Transaction<DB>) {
  return {
    /** Old addresses match whatever their letter case: the old server did not tell them apart. */
    async find(fromPath: string): Promise<Redirect | undefined> {
      const row = await db.selectFrom('redirect').selectAll().where('from_path', '=', fromPath.toLowerCase()).executeTakeFirst();
      return row ? { fromPath: row.from_path, toPath: row.to_path, statusCode: Number(row.status_code) as Redirect['statusCode'] } : undefined;
    },
    async upsert(r: Redirect, now: string) {
      await db
        .insertInto('redirect')
        .values({ from_path: r.fromPath.toLowerCase(), to_path: r.toPath, status_code: r.statusCode, created_at: now })
        .onConflict((oc) => oc.column('from_path').doUpdateSet({ to_path: r.toPath, status_code: r.statusCode }))
        .execute();
    },
  };
}
export type RedirectsRepo = ReturnType<typeof createRedirectsRepo>;

// The sensitive-term rows: the only place that queries sensitive_term.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/index.js';
import type { SensitiveTerm } from './terms.js';

export function createTermsRepo(db: Kysely<DB> | Transaction<DB>) {
  return {
    async list(): Promise<SensitiveTerm[]> {
      const rows = await db.selectFrom('sensitive_term').select(['id', 'term', 'replacement']).orderBy('term').execute();
      return rows.map((r) => ({ id: Number(r.id), term: r.term, replacement: r.replacement }));
    },
    async insert(t: { term: string; replacement: string | null; createdBy: number; now: string }) {
      const row = await db
        .insertInto('sensitive_term')
        .values({ term: t.term, replacement: t.replacement, created_by: t.createdBy, created_at: t.now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async remove(id: number) {
      const r = await db.deleteFrom('sensitive_term').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
export type TermsRepo = ReturnType<typeof createTermsRepo>;

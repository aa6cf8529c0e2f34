// Redirect and gone rows: the only place that queries `redirect` and `gone`. Paths arrive as keys
// (see addressKey): lower case, so that a plain comparison finds an address in any letter case.
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../db/index.js';
import { toIso } from '../shared/clock.js';
import type { PageRequest, Paged } from '../shared/page.js';
import { toCount } from '../shared/rows.js';
import type { AddressRule, AddressRuleFilter, GoneKind, Redirect, RedirectOrigin, RedirectStatus } from './redirects.types.js';

const toRedirect = (row: { from_path: string; to_path: string; status_code: number }): Redirect => ({
  fromPath: row.from_path,
  toPath: row.to_path,
  statusCode: Number(row.status_code) as RedirectStatus,
});

export function createRedirectsRepo(db: Kysely<DB> | Transaction<DB>) {
  /** Redirects and gone addresses as one list (the redirects screen shows both). */
  const rules = () =>
    db
      .selectFrom('redirect')
      .select((eb) => ['from_path as path', eb.ref('to_path').$castTo<string | null>().as('target'), 'status_code as status', 'origin as source', 'created_at as at'])
      .unionAll(
        db
          .selectFrom('gone')
          .select(['path', sql<string | null>`cast(null as text)`.as('target'), sql<number>`410`.as('status'), 'kind as source', 'gone_at as at']),
      )
      .as('rule');

  return {
    async find(fromKey: string): Promise<Redirect | undefined> {
      const row = await db.selectFrom('redirect').select(['from_path', 'to_path', 'status_code']).where('from_path', '=', fromKey).executeTakeFirst();
      return row ? toRedirect(row) : undefined;
    },
    async isGone(key: string): Promise<boolean> {
      return (await db.selectFrom('gone').select('path').where('path', '=', key).executeTakeFirst()) !== undefined;
    },
    async upsert(r: Redirect & { origin: RedirectOrigin }, now: string) {
      const values = { to_path: r.toPath, status_code: r.statusCode, origin: r.origin };
      await db
        .insertInto('redirect')
        .values({ from_path: r.fromPath, ...values, created_at: now })
        .onConflict((oc) => oc.column('from_path').doUpdateSet(values))
        .execute();
    },
    async deleteFrom(fromKey: string): Promise<boolean> {
      const r = await db.deleteFrom('redirect').where('from_path', '=', fromKey).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    /** Points the redirects that lead to `targetKey` (a path of this site, in any case) at `to`. */
    async retarget(targetKey: string, to: string) {
      await db.updateTable('redirect').set({ to_path: to }).where(sql<SqlBool>`lower(to_path) = ${targetKey}`).execute();
    },
    async markGone(key: string, kind: GoneKind, now: string) {
      await db
        .insertInto('gone')
        .values({ path: key, kind, gone_at: now })
        .onConflict((oc) => oc.column('path').doUpdateSet({ kind, gone_at: now }))
        .execute();
    },
    async deleteGone(key: string): Promise<boolean> {
      const r = await db.deleteFrom('gone').where('path', '=', key).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async allRedirects(): Promise<Redirect[]> {
      return (await db.selectFrom('redirect').select(['from_path', 'to_path', 'status_code']).execute()).map(toRedirect);
    },
    async allGone(): Promise<string[]> {
      return (await db.selectFrom('gone').select('path').execute()).map((r) => r.path);
    },
    async rule(key: string): Promise<AddressRule | undefined> {
      const row = await db.selectFrom(rules()).selectAll().where('path', '=', key).executeTakeFirst();
      return row ? toRule(row) : undefined;
    },
    async pageRules(f: AddressRuleFilter, req: PageRequest): Promise<Paged<AddressRule>> {
      const where = () => {
        const conds: ReturnType<typeof sql<SqlBool>>[] = [];
        if (f.q) {
          // Addresses are kept percent-encoded: "关于" is looked for as typed and as browsers send it.
          const pattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
          const [typed, encoded] = [pattern(f.q), pattern(encodedOrSame(f.q))];
          const like = (column: string, value: string) => sql<SqlBool>`${sql.raw(column)} like ${value} escape '\\'`;
          conds.push(sql<SqlBool>`(${like('path', typed)} or ${like('path', encoded)} or ${like('lower(target)', typed)} or ${like('lower(target)', encoded)})`);
        }
        if (f.status !== undefined) conds.push(sql<SqlBool>`status = ${f.status}`);
        return conds.length ? sql<SqlBool>`${sql.join(conds, sql` and `)}` : sql<SqlBool>`1 = 1`;
      };
      const order = f.sort === 'newest' ? sql`at desc` : sql`path asc`;
      const [rows, count] = await Promise.all([
        db.selectFrom(rules()).selectAll().where(where()).orderBy(order).orderBy('path').limit(req.limit).offset(req.offset).execute(),
        db.selectFrom(rules()).select((eb) => eb.fn.countAll().as('n')).where(where()).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toRule), total: toCount(count.n) };
    },
  };
}
export type RedirectsRepo = ReturnType<typeof createRedirectsRepo>;

function encodedOrSame(q: string): string {
  try {
    return encodeURI(q);
  } catch {
    return q;
  }
}

function toRule(row: { path: string; target: string | null; status: number; source: string; at: string | Date }): AddressRule {
  return {
    path: row.path,
    status: Number(row.status) as AddressRule['status'],
    to: row.target,
    source: row.source as AddressRule['source'],
    at: toIso(row.at)!,
  };
}

// Institution rows ↔ domain objects; the only place that queries the institution table.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, InstitutionTable } from '../db/index.js';
import { parseStoredDoc } from '../richtext/index.js';
import { toIso } from '../shared/clock.js';
import type { Lang } from '../shared/lang.js';
import type { PageRequest, Paged } from '../shared/page.js';
import { createContentRevisionRepo, workflowFields, workflowQueries } from '../workflow/index.js';
import type { Institution, InstitutionInput, InstitutionRevision } from './institutions.types.js';

type Row = Selectable<InstitutionTable>;

function toInstitution(row: Row): Institution {
  return {
    id: Number(row.id),
    lang: row.lang as Lang,
    position: Number(row.position),
    name: row.name,
    slug: row.slug,
    profile: parseStoredDoc(row.profile, `institution ${row.id}`),
    externalUrl: row.external_url,
    address: row.address,
    phone: row.phone,
    email: row.email,
    translationGroup: row.translation_group == null ? null : Number(row.translation_group),
    legacyKey: row.legacy_key,
    legacySource: row.legacy_source,
    aliases: [],
    ...workflowFields(row),
  };
}

/** The aliases ride along (the workflow checks their words); they are written beside the row, by setAliases. */
export type InstitutionValues = Omit<InstitutionInput, 'slug' | 'aliases'> & { slug: string; aliases?: readonly string[] };
const toColumns = (v: InstitutionValues) => ({
  lang: v.lang,
  position: v.position,
  name: v.name,
  slug: v.slug,
  profile: v.profile ? JSON.stringify(v.profile) : null,
  external_url: v.externalUrl ?? null,
  address: v.address ?? null,
  phone: v.phone ?? null,
  email: v.email ?? null,
  legacy_key: v.legacyKey ?? null,
  legacy_source: v.legacySource ?? null,
  status: v.status ?? 'published',
  published_at: v.publishedAt == null ? null : toIso(v.publishedAt),
  ...(v.authorId !== undefined ? { author_id: v.authorId } : {}),
});

export function createInstitutionsRepo(db: Kysely<DB> | Transaction<DB>) {
  const wq = workflowQueries(db, 'institution', toInstitution, 'name');
  const revisions = createContentRevisionRepo<InstitutionRevision['fields']>(db, 'institution');
  const base = () => db.selectFrom('institution').selectAll();

  /** The aliases of each of `ids` that has any (one query for all of them), in text order. */
  async function aliasesOf(ids: readonly number[]): Promise<Map<number, string[]>> {
    const byId = new Map<number, string[]>();
    if (ids.length === 0) return byId;
    const rows = await db.selectFrom('institution_alias').select(['institution_id', 'alias']).where('institution_id', 'in', [...ids]).orderBy('alias').execute();
    for (const r of rows) byId.set(Number(r.institution_id), [...(byId.get(Number(r.institution_id)) ?? []), r.alias]);
    return byId;
  }
  async function withAliases(items: Institution[]): Promise<Institution[]> {
    const byId = await aliasesOf(items.map((i) => i.id));
    return items.map((i) => ({ ...i, aliases: byId.get(i.id) ?? [] }));
  }
  const full = async (i: Institution | undefined) => (i ? (await withAliases([i]))[0] : undefined);
  const fullPage = async (p: Paged<Institution>) => ({ ...p, items: await withAliases(p.items) });
  const first = async (q: ReturnType<typeof base>) => {
    const row = await q.limit(1).executeTakeFirst();
    return full(row ? toInstitution(row) : undefined);
  };
  const pageVisible = async (lang: Lang | undefined, now: string, req: PageRequest) => fullPage(await wq.pageVisible(lang, now, req, 'position'));
  return {
    ...wq,
    findById: async (id: number) => full(await wq.findById(id)),
    listForAdmin: async (...args: Parameters<typeof wq.listForAdmin>) => fullPage(await wq.listForAdmin(...args)),
    changeStatus: async (...args: Parameters<typeof wq.changeStatus>) => full(await wq.changeStatus(...args)),
    /** The directory as visitors see it: published entries, in directory order. */
    listVisible: async (lang: Lang, now: string) => (await pageVisible(lang, now, { offset: 0, limit: 100_000 })).items,
    pageVisible,
    findVisibleById: async (id: number, now: string) => full(await wq.findVisible(now, { id })),
    findVisibleBySlug: async (lang: Lang, slug: string, now: string) => full(await wq.findVisible(now, { lang, slug })),
    findInGroup: async (group: number, lang: Lang) => full(await wq.findInGroup(group, lang)),
    findVisibleInGroup: async (group: number, lang: Lang, now: string) => full(await wq.findVisible(now, { translationGroup: group, lang })),
    findByLegacyKey: (lang: Lang, key: string) => first(base().where('lang', '=', lang).where('legacy_key', '=', key)),
    findByName: (lang: Lang, name: string) => first(base().where('lang', '=', lang).where('name', '=', name).orderBy('id')),
    aliasesOf,
    /** Replaces an institution's aliases (checked by the caller); whether the list changed. */
    async setAliases(id: number, aliases: readonly string[]): Promise<boolean> {
      const before = (await aliasesOf([id])).get(id) ?? [];
      const same = before.length === aliases.length && before.every((a) => aliases.includes(a));
      if (same) return false;
      await db.deleteFrom('institution_alias').where('institution_id', '=', id).execute();
      if (aliases.length) await db.insertInto('institution_alias').values(aliases.map((alias) => ({ institution_id: id, alias }))).execute();
      return true;
    },
    /** Its words changed by something written beside its row (see content_changed_at, migration 0015). */
    async markContentChanged(id: number, now: string) {
      await db.updateTable('institution').set({ content_changed_at: now }).where('id', '=', id).execute();
    },
    /** The number after the last one in the directory of that language. */
    async nextPosition(lang: Lang): Promise<number> {
      const r = await db.selectFrom('institution').select((eb) => eb.fn.max('position').as('n')).where('lang', '=', lang).executeTakeFirst();
      return r?.n == null ? 1 : Number(r.n) + 1;
    },
    async insert(values: InstitutionValues, now: string): Promise<Institution> {
      const row = await db
        .insertInto('institution')
        .values({ ...toColumns(values), created_at: now, updated_at: now, content_changed_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toInstitution(row);
    },
    update: async (id: number, values: InstitutionValues, now: string) => (await full(await wq.updateAsNewRevision(id, toColumns(values), now)))!,
    updateIfRevision: async (id: number, expected: number, v: InstitutionValues, now: string) => full(await wq.updateIfRevision(id, expected, v.status ?? 'published', toColumns(v), now)),
    insertRevision: (i: Institution, savedBy: number | null, now: string) =>
      revisions.insert(
        { ...i, title: i.name, summary: null },
        i.profile ? JSON.stringify(i.profile) : null,
        { position: i.position, externalUrl: i.externalUrl, address: i.address, phone: i.phone, email: i.email, aliases: i.aliases.join('\n') },
        savedBy,
        now,
      ),
    listRevisions: (id: number): Promise<InstitutionRevision[]> => revisions.list(id),
  };
}
export type InstitutionsRepo = ReturnType<typeof createInstitutionsRepo>;

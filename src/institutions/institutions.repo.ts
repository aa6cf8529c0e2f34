// Institution rows ↔ domain objects; the only place that queries the institution table.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, InstitutionTable } from '../db/index.js';
import { parseStoredDoc } from '../richtext/index.js';
import { toIso } from '../shared/clock.js';
import type { Lang } from '../shared/lang.js';
import type { PageRequest, Paged } from '../shared/page.js';
import { toCount } from '../shared/rows.js';
import type { Institution, InstitutionInput } from './institutions.types.js';

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
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
  };
}

type Values = Omit<InstitutionInput, 'slug'> & { slug: string };
const toColumns = (v: Values) => ({
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
});

export function createInstitutionsRepo(db: Kysely<DB> | Transaction<DB>) {
  const base = () => db.selectFrom('institution').selectAll();
  return {
    async listByLang(lang: Lang): Promise<Institution[]> {
      const rows = await base().where('lang', '=', lang).orderBy('position').orderBy('id').execute();
      return rows.map(toInstitution);
    },
    async page(lang: Lang | undefined, req: PageRequest): Promise<Paged<Institution>> {
      let q = base();
      let c = db.selectFrom('institution').select((eb) => eb.fn.countAll().as('n'));
      if (lang) {
        q = q.where('lang', '=', lang);
        c = c.where('lang', '=', lang);
      }
      const [rows, count] = await Promise.all([
        q.orderBy('lang', 'desc').orderBy('position').orderBy('id').limit(req.limit).offset(req.offset).execute(),
        c.executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toInstitution), total: toCount(count.n) };
    },
    async findById(id: number) {
      const row = await base().where('id', '=', id).executeTakeFirst();
      return row ? toInstitution(row) : undefined;
    },
    async findBySlug(lang: Lang, slug: string) {
      const row = await base().where('lang', '=', lang).where('slug', '=', slug).executeTakeFirst();
      return row ? toInstitution(row) : undefined;
    },
    async findByLegacyKey(lang: Lang, key: string) {
      const row = await base().where('lang', '=', lang).where('legacy_key', '=', key).executeTakeFirst();
      return row ? toInstitution(row) : undefined;
    },
    async findByName(lang: Lang, name: string) {
      const row = await base().where('lang', '=', lang).where('name', '=', name).orderBy('id').limit(1).executeTakeFirst();
      return row ? toInstitution(row) : undefined;
    },
    async findInGroup(group: number, lang: Lang) {
      const row = await base().where('translation_group', '=', group).where('lang', '=', lang).executeTakeFirst();
      return row ? toInstitution(row) : undefined;
    },
    async isSlugTaken(lang: Lang, slug: string, exceptId?: number) {
      let q = db.selectFrom('institution').select('id').where('lang', '=', lang).where('slug', '=', slug);
      if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
      return (await q.executeTakeFirst()) !== undefined;
    },
    async insert(values: Values, now: string): Promise<Institution> {
      const row = await db
        .insertInto('institution')
        .values({ ...toColumns(values), created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toInstitution(row);
    },
    async update(id: number, values: Values, now: string): Promise<Institution> {
      const row = await db
        .updateTable('institution')
        .set({ ...toColumns(values), updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toInstitution(row);
    },
    async setTranslationGroup(ids: number[], group: number) {
      await db.updateTable('institution').set({ translation_group: group }).where('id', 'in', ids).execute();
    },
    async count(): Promise<number> {
      const r = await db.selectFrom('institution').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return toCount(r.n);
    },
  };
}
export type InstitutionsRepo = ReturnType<typeof createInstitutionsRepo>;

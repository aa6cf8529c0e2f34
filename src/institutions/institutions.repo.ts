// Institution rows ↔ domain objects; the only place that queries the institution table.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, InstitutionTable } from '../db/index.js';
import { parseStoredDoc } from '../richtext/index.js';
import { toIso } from '../shared/clock.js';
import type { Lang } from '../shared/lang.js';
import type { PageRequest } from '../shared/page.js';
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
    ...workflowFields(row),
  };
}

export type InstitutionValues = Omit<InstitutionInput, 'slug'> & { slug: string };
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
  const first = async (q: ReturnType<typeof base>) => {
    const row = await q.limit(1).executeTakeFirst();
    return row ? toInstitution(row) : undefined;
  };
  return {
    ...wq,
    /** The directory as visitors see it: published entries, in directory order. */
    listVisible: async (lang: Lang, now: string) => (await wq.pageVisible(lang, now, { offset: 0, limit: 100_000 }, 'position')).items,
    pageVisible: (lang: Lang | undefined, now: string, req: PageRequest) => wq.pageVisible(lang, now, req, 'position'),
    findVisibleById: (id: number, now: string) => wq.findVisible(now, { id }),
    findVisibleBySlug: (lang: Lang, slug: string, now: string) => wq.findVisible(now, { lang, slug }),
    findVisibleInGroup: (group: number, lang: Lang, now: string) => wq.findVisible(now, { translationGroup: group, lang }),
    findByLegacyKey: (lang: Lang, key: string) => first(base().where('lang', '=', lang).where('legacy_key', '=', key)),
    findByName: (lang: Lang, name: string) => first(base().where('lang', '=', lang).where('name', '=', name).orderBy('id')),
    /** The number after the last one in the directory of that language. */
    async nextPosition(lang: Lang): Promise<number> {
      const r = await db.selectFrom('institution').select((eb) => eb.fn.max('position').as('n')).where('lang', '=', lang).executeTakeFirst();
      return r?.n == null ? 1 : Number(r.n) + 1;
    },
    async insert(values: InstitutionValues, now: string): Promise<Institution> {
      const row = await db
        .insertInto('institution')
        .values({ ...toColumns(values), created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toInstitution(row);
    },
    update: (id: number, values: InstitutionValues, now: string) => wq.updateAsNewRevision(id, toColumns(values), now),
    updateIfRevision: (id: number, expected: number, v: InstitutionValues, now: string) => wq.updateIfRevision(id, expected, v.status ?? 'published', toColumns(v), now),
    insertRevision: (i: Institution, savedBy: number | null, now: string) =>
      revisions.insert(
        { ...i, title: i.name, summary: null },
        i.profile ? JSON.stringify(i.profile) : null,
        { position: i.position, externalUrl: i.externalUrl, address: i.address, phone: i.phone, email: i.email },
        savedBy,
        now,
      ),
    listRevisions: (id: number): Promise<InstitutionRevision[]> => revisions.list(id),
    async setTranslationGroup(ids: number[], group: number) {
      await db.updateTable('institution').set({ translation_group: group }).where('id', 'in', ids).execute();
    },
  };
}
export type InstitutionsRepo = ReturnType<typeof createInstitutionsRepo>;

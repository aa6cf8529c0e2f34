// Page rows ↔ domain objects; the only place that queries the page table.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, PageTable } from '../db/index.js';
import { parseStoredDoc } from '../richtext/index.js';
import { toIso } from '../shared/clock.js';
import type { Lang } from '../shared/lang.js';
import type { PageRequest, Paged } from '../shared/page.js';
import { toCount } from '../shared/rows.js';
import type { Page, PageInput, PageStatus } from './pages.types.js';

function toPage(row: Selectable<PageTable>): Page {
  return {
    id: Number(row.id),
    lang: row.lang as Lang,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    body: parseStoredDoc(row.body, `page ${row.id}`)!,
    status: row.status as PageStatus,
    position: Number(row.position),
    translationGroup: row.translation_group == null ? null : Number(row.translation_group),
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
  };
}

export function createPagesRepo(db: Kysely<DB> | Transaction<DB>) {
  const published = () => db.selectFrom('page').selectAll().where('status', '=', 'published');
  const one = async (q: ReturnType<typeof published>) => {
    const row = await q.limit(1).executeTakeFirst();
    return row ? toPage(row) : undefined;
  };
  return {
    async pagePublished(lang: Lang | undefined, req: PageRequest): Promise<Paged<Page>> {
      let q = published();
      let c = db.selectFrom('page').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'published');
      if (lang) {
        q = q.where('lang', '=', lang);
        c = c.where('lang', '=', lang);
      }
      const [rows, count] = await Promise.all([
        q.orderBy('lang', 'desc').orderBy('position').orderBy('id').limit(req.limit).offset(req.offset).execute(),
        c.executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toPage), total: toCount(count.n) };
    },
    findPublishedById: (id: number) => one(published().where('id', '=', id)),
    findPublishedBySlug: (lang: Lang, slug: string) => one(published().where('lang', '=', lang).where('slug', '=', slug)),
    findPublishedInGroup: (group: number, lang: Lang) =>
      one(published().where('translation_group', '=', group).where('lang', '=', lang)),
    async isPublished(lang: Lang, slug: string) {
      const row = await published().clearSelect().select('id').where('lang', '=', lang).where('slug', '=', slug).limit(1).executeTakeFirst();
      return row !== undefined;
    },
    async isSlugTaken(lang: Lang, slug: string) {
      const row = await db.selectFrom('page').select('id').where('lang', '=', lang).where('slug', '=', slug).executeTakeFirst();
      return row !== undefined;
    },
    async insert(v: PageInput & { slug: string }, now: string): Promise<Page> {
      const row = await db
        .insertInto('page')
        .values({
          lang: v.lang,
          slug: v.slug,
          title: v.title,
          summary: v.summary ?? null,
          body: JSON.stringify(v.body),
          status: v.status,
          position: v.position ?? 0,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPage(row);
    },
    async count(): Promise<number> {
      const r = await db.selectFrom('page').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return toCount(r.n);
    },
    async setTranslationGroup(ids: number[], group: number) {
      await db.updateTable('page').set({ translation_group: group }).where('id', 'in', ids).execute();
    },
  };
}
export type PagesRepo = ReturnType<typeof createPagesRepo>;

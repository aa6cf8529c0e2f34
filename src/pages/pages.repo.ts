// Page rows ↔ domain objects; the only place that queries the page table.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, PageTable } from '../db/index.js';
import { parseStoredDoc } from '../richtext/index.js';
import { toIso } from '../shared/clock.js';
import type { Lang } from '../shared/lang.js';
import type { PageRequest, Paged } from '../shared/page.js';
import { toCount } from '../shared/rows.js';
import { createContentRevisionRepo, isVisible, workflowQueries } from '../workflow/index.js';
import type { Page, PageInput, PageRevision, PageStatus } from './pages.types.js';

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
    authorId: row.author_id == null ? null : Number(row.author_id),
    publishedAt: toIso(row.published_at),
    unpublishAt: toIso(row.unpublish_at),
    revision: Number(row.revision),
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
  };
}

export type PageValues = PageInput & { slug: string };
const toColumns = (v: PageValues) => ({
  lang: v.lang,
  slug: v.slug,
  title: v.title,
  summary: v.summary ?? null,
  body: JSON.stringify(v.body),
  status: v.status,
  position: v.position ?? 0,
  published_at: v.publishedAt == null ? null : toIso(v.publishedAt),
  ...(v.authorId !== undefined ? { author_id: v.authorId } : {}),
});

export function createPagesRepo(db: Kysely<DB> | Transaction<DB>) {
  const wq = workflowQueries(db, 'page', toPage);
  const revisions = createContentRevisionRepo<PageRevision['fields']>(db, 'page');
  const visible = (now: string) => db.selectFrom('page').selectAll().where(isVisible(now));
  const one = async (q: ReturnType<typeof visible>) => {
    const row = await q.limit(1).executeTakeFirst();
    return row ? toPage(row) : undefined;
  };
  return {
    ...wq,
    async pagePublished(lang: Lang | undefined, now: string, req: PageRequest): Promise<Paged<Page>> {
      let q = visible(now);
      let c = db.selectFrom('page').select((eb) => eb.fn.countAll().as('n')).where(isVisible(now));
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
    findPublishedById: (id: number, now: string) => one(visible(now).where('id', '=', id)),
    findPublishedBySlug: (lang: Lang, slug: string, now: string) => one(visible(now).where('lang', '=', lang).where('slug', '=', slug)),
    async isPublished(lang: Lang, slug: string, now: string) {
      const row = await visible(now).clearSelect().select('id').where('lang', '=', lang).where('slug', '=', slug).limit(1).executeTakeFirst();
      return row !== undefined;
    },
    findPublishedInGroup: (group: number, lang: Lang, now: string) => one(visible(now).where('translation_group', '=', group).where('lang', '=', lang)),
    async insert(v: PageValues, now: string): Promise<Page> {
      const row = await db
        .insertInto('page')
        .values({ ...toColumns(v), created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPage(row);
    },
    updateIfRevision: (id: number, expected: number, v: PageValues, now: string) => wq.updateIfRevision(id, expected, v.status, toColumns(v), now),
    insertRevision: (p: Page, savedBy: number | null, now: string) =>
      revisions.insert({ ...p, body: JSON.stringify(p.body) }, { position: p.position }, savedBy, now),
    listRevisions: (id: number): Promise<PageRevision[]> => revisions.list(id),
    async setTranslationGroup(ids: number[], group: number) {
      await db.updateTable('page').set({ translation_group: group }).where('id', 'in', ids).execute();
    },
  };
}
export type PagesRepo = ReturnType<typeof createPagesRepo>;

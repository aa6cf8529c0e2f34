// Page rows ↔ domain objects; the only place that queries the page table.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, PageTable } from '../db/index.js';
import { parseStoredDoc } from '../richtext/index.js';
import { toIso } from '../shared/clock.js';
import type { Lang } from '../shared/lang.js';
import type { PageRequest } from '../shared/page.js';
import { createContentRevisionRepo, isVisible, workflowFields, workflowQueries } from '../workflow/index.js';
import type { Page, PageInput, PageRevision } from './pages.types.js';

function toPage(row: Selectable<PageTable>): Page {
  return {
    id: Number(row.id),
    lang: row.lang as Lang,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    body: parseStoredDoc(row.body, `page ${row.id}`)!,
    position: Number(row.position),
    translationGroup: row.translation_group == null ? null : Number(row.translation_group),
    ...workflowFields(row),
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
  return {
    ...wq,
    pagePublished: (lang: Lang | undefined, now: string, req: PageRequest) => wq.pageVisible(lang, now, req, 'position'),
    findPublishedById: (id: number, now: string) => wq.findVisible(now, { id }),
    findPublishedBySlug: (lang: Lang, slug: string, now: string) => wq.findVisible(now, { lang, slug }),
    findPublishedInGroup: (group: number, lang: Lang, now: string) => wq.findVisible(now, { translationGroup: group, lang }),
    /** Whether the site may link to this page (the menu's About). */
    async isPublished(lang: Lang, slug: string, now: string) {
      const row = await db.selectFrom('page').select('id').where(isVisible(now)).where('lang', '=', lang).where('slug', '=', slug).limit(1).executeTakeFirst();
      return row !== undefined;
    },
    async insert(v: PageValues, now: string): Promise<Page> {
      const row = await db
        .insertInto('page')
        .values({ ...toColumns(v), created_at: now, updated_at: now, content_changed_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPage(row);
    },
    updateIfRevision: (id: number, expected: number, v: PageValues, now: string) => wq.updateIfRevision(id, expected, v.status, toColumns(v), now),
    insertRevision: (p: Page, savedBy: number | null, now: string) =>
      revisions.insert(p, JSON.stringify(p.body), { position: p.position }, savedBy, now),
    listRevisions: (id: number): Promise<PageRevision[]> => revisions.list(id),
  };
}
export type PagesRepo = ReturnType<typeof createPagesRepo>;

// Article rows ↔ domain objects; the only place that queries the article table.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ArticleTable, DB } from '../db/index.js';
import { parseStoredDoc } from '../richtext/index.js';
import { toIso } from '../shared/clock.js';
import type { Lang } from '../shared/lang.js';
import type { PageRequest } from '../shared/page.js';
import { revisionColumns, toRevision, workflowFields, workflowQueries } from '../workflow/index.js';
import type { Article, ArticleInput, ArticleRevision } from './news.types.js';

export type { AdminListFilter } from '../workflow/index.js';

type Row = Selectable<ArticleTable>;

function toArticle(row: Row): Article {
  return {
    id: Number(row.id),
    lang: row.lang as Lang,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    body: parseStoredDoc(row.body, `article ${row.id}`)!,
    channelId: row.channel_id == null ? null : Number(row.channel_id),
    translationGroup: row.translation_group == null ? null : Number(row.translation_group),
    legacyKey: row.legacy_key,
    legacyId: row.legacy_id,
    legacyUrl: row.legacy_url,
    legacySource: row.legacy_source,
    legacyPrevTitle: row.legacy_prev_title,
    legacyNextTitle: row.legacy_next_title,
    ...workflowFields(row),
  };
}

type Values = Omit<ArticleInput, 'slug'> & { slug: string };
const toColumns = (v: Values) => ({
  lang: v.lang,
  slug: v.slug,
  title: v.title,
  summary: v.summary ?? null,
  body: JSON.stringify(v.body),
  status: v.status,
  channel_id: v.channelId ?? null,
  // Always UTC ISO: SQLite compares timestamps as text.
  published_at: v.publishedAt == null ? null : toIso(v.publishedAt),
  legacy_key: v.legacyKey ?? null,
  legacy_id: v.legacyId ?? null,
  legacy_url: v.legacyUrl ?? null,
  legacy_source: v.legacySource ?? null,
  legacy_prev_title: v.legacyPrevTitle ?? null,
  legacy_next_title: v.legacyNextTitle ?? null,
  ...(v.authorId !== undefined ? { author_id: v.authorId } : {}),
});

export function createNewsRepo(db: Kysely<DB> | Transaction<DB>) {
  const base = () => db.selectFrom('article').selectAll();
  const wq = workflowQueries(db, 'article', toArticle);
  const one = async (q: ReturnType<typeof base>) => {
    const row = await q.limit(1).executeTakeFirst();
    return row ? toArticle(row) : undefined;
  };
  return {
    /** Newest first; articles whose date is unknown come last. */
    pagePublished: (lang: Lang | undefined, now: string, req: PageRequest) => wq.pageVisible(lang, now, req, 'published'),
    findById: wq.findById,
    findPublishedById: (id: number, now: string) => wq.findVisible(now, { id }),
    findPublishedBySlug: (lang: Lang, slug: string, now: string) => wq.findVisible(now, { lang, slug }),
    findPublishedByTitle: (lang: Lang, title: string, now: string) => wq.findVisible(now, { lang, title }),
    findByLegacyKey: (lang: Lang, key: string) =>
      one(base().where('lang', '=', lang).where('legacy_key', '=', key)),
    /** An earlier import of the same article from a file with another name. */
    findImportedByTitle: (lang: Lang, title: string) =>
      one(base().where('lang', '=', lang).where('title', '=', title).where('legacy_key', 'is not', null).orderBy('id')),
    findPublishedInGroup: (group: number, lang: Lang, now: string) => wq.findVisible(now, { translationGroup: group, lang }),

    /**
     * The visible article just before `a` in publication order (older). Order: undated articles
     * first (by id), then by date, ties by id. Each step is one index-friendly query. Anything
     * older than a visible article is due, so only newer() needs `now`.
     */
    async older(a: Article) {
      const q = () => base().where('lang', '=', a.lang).where('status', '=', 'published');
      const undatedBefore = () => one(q().where('published_at', 'is', null).where('id', '<', a.id).orderBy('id', 'desc'));
      if (a.publishedAt == null) return undatedBefore();
      return (
        (await one(q().where('published_at', '=', a.publishedAt).where('id', '<', a.id).orderBy('id', 'desc'))) ??
        (await one(q().where('published_at', '<', a.publishedAt).orderBy('published_at', 'desc').orderBy('id', 'desc'))) ??
        (await one(q().where('published_at', 'is', null).orderBy('id', 'desc')))
      );
    },
    /** The visible article just after `a` in publication order (newer). */
    async newer(a: Article, now: string) {
      const q = () => base().where('lang', '=', a.lang).where('status', '=', 'published');
      const datedFrom = (at: string | null) => {
        let r = q().where('published_at', '<=', now);
        if (at !== null) r = r.where('published_at', '>', at);
        else r = r.where('published_at', 'is not', null);
        return one(r.orderBy('published_at').orderBy('id'));
      };
      if (a.publishedAt == null)
        return (await one(q().where('published_at', 'is', null).where('id', '>', a.id).orderBy('id'))) ?? datedFrom(null);
      return (
        (await one(q().where('published_at', '=', a.publishedAt).where('id', '>', a.id).orderBy('id'))) ?? datedFrom(a.publishedAt)
      );
    },
    isSlugTaken: wq.isSlugTaken,
    async insert(values: Values, now: string): Promise<Article> {
      const row = await db
        .insertInto('article')
        .values({ ...toColumns(values), created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toArticle(row);
    },
    update: (id: number, values: Values, now: string) => wq.updateAsNewRevision(id, toColumns(values), now),
    listForAdmin: wq.listForAdmin,
    updateIfRevision: (id: number, expected: number, values: Values, now: string) => wq.updateIfRevision(id, expected, values.status, toColumns(values), now),
    changeStatus: wq.changeStatus,
    dueForSchedule: wq.dueForSchedule,
    async insertRevision(a: Article, savedBy: number | null, now: string) {
      await db
        .insertInto('article_revision')
        .values({ article_id: a.id, ...revisionColumns(a, JSON.stringify(a.body), savedBy, now) })
        .execute();
    },
    async insertPreviewLink(l: { tokenHash: string; articleId: number; createdBy: number; now: string; expiresAt: string }) {
      await db
        .insertInto('preview_link')
        .values({ token_hash: l.tokenHash, article_id: l.articleId, created_by: l.createdBy, created_at: l.now, expires_at: l.expiresAt })
        .execute();
    },
    async findPreviewLink(tokenHash: string) {
      const row = await db.selectFrom('preview_link').select(['article_id', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
      return row ? { articleId: Number(row.article_id), expiresAt: toIso(row.expires_at)! } : undefined;
    },
    async listRevisions(articleId: number): Promise<ArticleRevision[]> {
      const rows = await db.selectFrom('article_revision').selectAll().where('article_id', '=', articleId).orderBy('revision', 'desc').execute();
      // An article's text is never null: its revisions' neither.
      return rows.map((r) => toRevision(r, `article ${articleId}`) as ArticleRevision);
    },
    async setTranslationGroup(ids: number[], group: number) {
      await db.updateTable('article').set({ translation_group: group }).where('id', 'in', ids).execute();
    },
    count: wq.count,
  };
}
export type NewsRepo = ReturnType<typeof createNewsRepo>;

// Article rows ↔ domain objects; the only place that queries the article table.
import type { ExpressionBuilder, Kysely, Selectable, Transaction } from 'kysely';
import type { ArticleTable, DB } from '../db/index.js';
import { parseStoredDoc } from '../richtext/index.js';
import { toIso } from '../shared/clock.js';
import type { Lang } from '../shared/lang.js';
import type { PageRequest, Paged } from '../shared/page.js';
import { toCount } from '../shared/rows.js';
import type { Article, ArticleFields, ArticleInput, ArticleRevision, ArticleStatus } from './news.types.js';

type Row = Selectable<ArticleTable>;

export interface AdminListFilter {
  statuses?: ArticleStatus[];
  lang?: Lang;
  authorId?: number;
  /** Part of the title, in any letter case. */
  q?: string;
  sort?: 'updated' | 'published' | 'title';
}

const revisionValues = (a: Article, savedBy: number | null, now: string) => ({
  revision: a.revision,
  title: a.title,
  slug: a.slug,
  summary: a.summary,
  body: JSON.stringify(a.body),
  published_at: a.publishedAt,
  status: a.status,
  author_id: a.authorId,
  saved_by: savedBy,
  created_at: now,
  fields: JSON.stringify({ channelId: a.channelId, institutionIds: a.institutionIds, seoTitle: a.seoTitle, seoDescription: a.seoDescription } satisfies ArticleFields),
});

function toArticle(row: Row, institutionIds: number[] = []): Article {
  return {
    id: Number(row.id),
    lang: row.lang as Lang,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    body: parseStoredDoc(row.body, `article ${row.id}`)!,
    status: row.status as ArticleStatus,
    channelId: row.channel_id == null ? null : Number(row.channel_id),
    publishedAt: toIso(row.published_at),
    translationGroup: row.translation_group == null ? null : Number(row.translation_group),
    legacyKey: row.legacy_key,
    legacyId: row.legacy_id,
    legacyUrl: row.legacy_url,
    legacySource: row.legacy_source,
    legacyPrevTitle: row.legacy_prev_title,
    legacyNextTitle: row.legacy_next_title,
    authorId: row.author_id == null ? null : Number(row.author_id),
    unpublishAt: toIso(row.unpublish_at),
    revision: Number(row.revision),
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
    seoTitle: row.seo_title,
    seoDescription: row.seo_description,
    institutionIds,
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
  seo_title: v.seoTitle ?? null,
  seo_description: v.seoDescription ?? null,
  ...(v.authorId !== undefined ? { author_id: v.authorId } : {}),
});

/** Published, due and not yet due to come down: what a visitor may see at `now`. */
const isVisible = (now: string) => (eb: ExpressionBuilder<DB, 'article'>) =>
  eb.and([
    eb('status', '=', 'published'),
    eb.or([eb('published_at', 'is', null), eb('published_at', '<=', now)]),
    eb.or([eb('unpublish_at', 'is', null), eb('unpublish_at', '>', now)]),
  ]);

export function createNewsRepo(db: Kysely<DB> | Transaction<DB>) {
  const base = () => db.selectFrom('article').selectAll();
  /** Rows as articles, with the institutions each is about (one query for all of them). */
  async function hydrate(rows: Row[]): Promise<Article[]> {
    if (rows.length === 0) return [];
    const links = await db.selectFrom('article_institution').select(['article_id', 'institution_id']).where('article_id', 'in', rows.map((r) => r.id)).orderBy('institution_id').execute();
    const byArticle = new Map<number, number[]>();
    for (const l of links) byArticle.set(Number(l.article_id), [...(byArticle.get(Number(l.article_id)) ?? []), Number(l.institution_id)]);
    return rows.map((r) => toArticle(r, byArticle.get(Number(r.id)) ?? []));
  }
  const hydrateOne = async (row: Row | undefined) => (row ? (await hydrate([row]))[0] : undefined);
  const one = async (q: ReturnType<typeof base>) => hydrateOne(await q.limit(1).executeTakeFirst());
  return {
    /** Newest first; articles whose date is unknown come last. */
    async pagePublished(lang: Lang | undefined, now: string, req: PageRequest): Promise<Paged<Article>> {
      let q = base().where(isVisible(now));
      let c = db.selectFrom('article').select((eb) => eb.fn.countAll().as('n')).where(isVisible(now));
      if (lang) {
        q = q.where('lang', '=', lang);
        c = c.where('lang', '=', lang);
      }
      const [rows, count] = await Promise.all([
        q.orderBy('published_at', (ob) => ob.desc().nullsLast()).orderBy('id', 'desc').limit(req.limit).offset(req.offset).execute(),
        c.executeTakeFirstOrThrow(),
      ]);
      return { items: await hydrate(rows), total: toCount(count.n) };
    },
    findById: (id: number) => one(base().where('id', '=', id)),
    findPublishedById: (id: number, now: string) => one(base().where('id', '=', id).where(isVisible(now))),
    findPublishedBySlug: (lang: Lang, slug: string, now: string) =>
      one(base().where('lang', '=', lang).where('slug', '=', slug).where(isVisible(now))),
    findPublishedByTitle: (lang: Lang, title: string, now: string) =>
      one(base().where('lang', '=', lang).where('title', '=', title).where(isVisible(now)).orderBy('id')),
    findByLegacyKey: (lang: Lang, key: string) =>
      one(base().where('lang', '=', lang).where('legacy_key', '=', key)),
    /** An earlier import of the same article from a file with another name. */
    findImportedByTitle: (lang: Lang, title: string) =>
      one(base().where('lang', '=', lang).where('title', '=', title).where('legacy_key', 'is not', null).orderBy('id')),
    findPublishedInGroup: (group: number, lang: Lang, now: string) =>
      one(base().where('translation_group', '=', group).where('lang', '=', lang).where(isVisible(now))),

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
    async isSlugTaken(lang: Lang, slug: string, exceptId?: number) {
      let q = db.selectFrom('article').select('id').where('lang', '=', lang).where('slug', '=', slug);
      if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
      return (await q.executeTakeFirst()) !== undefined;
    },
    async insert(values: Values, now: string): Promise<Article> {
      const row = await db
        .insertInto('article')
        .values({ ...toColumns(values), created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      return (await hydrateOne(row))!;
    },
    async update(id: number, values: Values, now: string): Promise<Article> {
      const row = await db
        .updateTable('article')
        .set((eb) => ({ ...toColumns(values), updated_at: now, revision: eb('revision', '+', 1) }))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return (await hydrateOne(row))!;
    },
    /** The workspace's list: any status, filtered, sorted and paginated. */
    async listForAdmin(f: AdminListFilter, req: PageRequest): Promise<Paged<Article>> {
      const filter = (eb: ExpressionBuilder<DB, 'article'>) => {
        const conds = [];
        if (f.statuses?.length) conds.push(eb('status', 'in', f.statuses));
        if (f.lang) conds.push(eb('lang', '=', f.lang));
        if (f.authorId !== undefined) conds.push(eb('author_id', '=', f.authorId));
        if (f.q) conds.push(eb(eb.fn('lower', ['title']), 'like', `%${f.q.toLowerCase().replace(/[%_]/g, '')}%`));
        return eb.and(conds);
      };
      const [column, direction] =
        f.sort === 'title' ? (['title', 'asc'] as const) : f.sort === 'published' ? (['published_at', 'desc'] as const) : (['updated_at', 'desc'] as const);
      const [rows, count] = await Promise.all([
        base().where(filter).orderBy(column, (ob) => (direction === 'desc' ? ob.desc().nullsLast() : ob.asc().nullsLast())).orderBy('id', 'desc').limit(req.limit).offset(req.offset).execute(),
        db.selectFrom('article').select((eb) => eb.fn.countAll().as('n')).where(filter).executeTakeFirstOrThrow(),
      ]);
      return { items: await hydrate(rows), total: toCount(count.n) };
    },
    /**
     * Writes only when the stored revision is still `expected` and the status still `values.status`
     * (the one the save was checked against); undefined when another save or a transition came first.
     * Without the status condition a save would put back the status it read, undoing a transition.
     */
    async updateIfRevision(id: number, expected: number, values: Values, now: string): Promise<Article | undefined> {
      const row = await db
        .updateTable('article')
        .set({ ...toColumns(values), updated_at: now, revision: expected + 1 })
        .where('id', '=', id)
        .where('revision', '=', expected)
        .where('status', '=', values.status)
        .returningAll()
        .executeTakeFirst();
      return hydrateOne(row);
    },
    /** Moves an article from one status to another; undefined when it was no longer in `from`. */
    async changeStatus(id: number, from: ArticleStatus, to: ArticleStatus, set: { publishedAt?: string | null; unpublishAt?: string | null }, now: string, revision?: number) {
      const row = await db
        .updateTable('article')
        .set({
          status: to,
          updated_at: now,
          ...(set.publishedAt !== undefined ? { published_at: set.publishedAt } : {}),
          ...(set.unpublishAt !== undefined ? { unpublish_at: set.unpublishAt } : {}),
        })
        .where('id', '=', id)
        .where('status', '=', from)
        .$if(revision !== undefined, (q) => q.where('revision', '=', revision!))
        .returningAll()
        .executeTakeFirst();
      return hydrateOne(row);
    },
    /** Ids of scheduled articles that are due, and of published ones due to come down. */
    async dueForSchedule(now: string) {
      const [publish, unpublish] = await Promise.all([
        db.selectFrom('article').select('id').where('status', '=', 'scheduled').where('published_at', '<=', now).execute(),
        db.selectFrom('article').select('id').where('status', '=', 'published').where('unpublish_at', '<=', now).execute(),
      ]);
      return { publish: publish.map((r) => Number(r.id)), unpublish: unpublish.map((r) => Number(r.id)) };
    },
    /** Sets the institutions an article is about (ids of the article's language, checked by the caller). */
    async setInstitutions(articleId: number, ids: readonly number[]) {
      await db.deleteFrom('article_institution').where('article_id', '=', articleId).execute();
      if (ids.length) await db.insertInto('article_institution').values(ids.map((id) => ({ article_id: articleId, institution_id: id }))).execute();
    },
    async channelExists(id: number) {
      return (await db.selectFrom('channel').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },
    async listChannels() {
      const rows = await db.selectFrom('channel').selectAll().orderBy('position').orderBy('id').execute();
      return rows.map((r) => ({ id: Number(r.id), slug: r.slug, name: { zh: r.name_zh, en: r.name_en } }));
    },
    /** The ids among `ids` that are institutions in `lang`. */
    async institutionsIn(lang: Lang, ids: readonly number[]) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('institution').select('id').where('lang', '=', lang).where('id', 'in', [...ids]).execute();
      return rows.map((r) => Number(r.id));
    },
    async insertRevision(a: Article, savedBy: number | null, now: string, isAutosave = false) {
      await db
        .insertInto('article_revision')
        .values({ article_id: a.id, ...revisionValues(a, savedBy, now), is_autosave: isAutosave ? 1 : 0 })
        .execute();
    },
    /** The newest revision row: who saved it, when, and whether the autosave did. */
    async latestRevision(articleId: number) {
      const r = await db
        .selectFrom('article_revision')
        .select(['id', 'revision', 'saved_by', 'created_at', 'is_autosave'])
        .where('article_id', '=', articleId)
        .orderBy('revision', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r && { rowId: Number(r.id), revision: Number(r.revision), savedBy: r.saved_by == null ? null : Number(r.saved_by), createdAt: toIso(r.created_at)!, isAutosave: Number(r.is_autosave) === 1 };
    },
    /** Puts the article as it now is in place of an autosaved revision row (coalescing autosaves). */
    async replaceAutosaveRevision(rowId: number, a: Article, savedBy: number | null, now: string) {
      await db.updateTable('article_revision').set(revisionValues(a, savedBy, now)).where('id', '=', rowId).where('is_autosave', '=', 1).execute();
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
      return rows.map((r) => ({
        revision: Number(r.revision),
        title: r.title,
        slug: r.slug,
        summary: r.summary,
        body: parseStoredDoc(r.body, `article ${articleId} revision ${r.revision}`)!,
        publishedAt: toIso(r.published_at),
        status: r.status as ArticleStatus,
        authorId: r.author_id == null ? null : Number(r.author_id),
        savedBy: r.saved_by == null ? null : Number(r.saved_by),
        createdAt: toIso(r.created_at)!,
        fields: r.fields == null ? null : (JSON.parse(r.fields) as ArticleFields),
        isAutosave: Number(r.is_autosave) === 1,
      }));
    },
    async setTranslationGroup(ids: number[], group: number | null) {
      await db.updateTable('article').set({ translation_group: group }).where('id', 'in', ids).execute();
    },
    /** The article of `lang` in a translation group, whatever its status. */
    findInGroup: (group: number, lang: Lang) => one(base().where('translation_group', '=', group).where('lang', '=', lang)),
    async count(): Promise<number> {
      const r = await db.selectFrom('article').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return toCount(r.n);
    },
  };
}
export type NewsRepo = ReturnType<typeof createNewsRepo>;

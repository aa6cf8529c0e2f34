// Article rows ↔ domain objects; the only place that queries the article table.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { prepared, type ArticleTable, type DB } from '../db/index.js';
import { parseStoredDoc } from '../richtext/index.js';
import { toIso } from '../shared/clock.js';
import type { Lang } from '../shared/lang.js';
import type { PageRequest, Paged } from '../shared/page.js';
import { toCount } from '../shared/rows.js';
import { isVisible, revisionColumns, toRevision, workflowFields, workflowQueries, type IndexRow } from '../workflow/index.js';

/** A visible article as the site's state sees it (see visibleIndex). */
export interface ArticleIndexRow extends IndexRow {
  channelId: number | null;
  institutionIds: number[];
  /** The titles an imported article's old page named as its neighbours; null for the others. */
  legacyNeighbours: { previous: string | null; next: string | null } | null;
}
import type { Article, ArticleFields, ArticleInput, ArticleRevision, InstitutionLink, NewsFilter } from './news.types.js';

export type { AdminListFilter } from '../workflow/index.js';

type Row = Selectable<ArticleTable>;

/** The fields beside the text, as a revision keeps them (compared field by field). */
const articleFields = (a: Article): ArticleFields => ({
  channelId: a.channelId,
  institutionIds: a.institutionIds.length ? a.institutionIds.join(', ') : null,
  seoTitle: a.seoTitle,
  seoDescription: a.seoDescription,
});

const revisionValues = (a: Article, savedBy: number | null, now: string) => ({
  ...revisionColumns(a, JSON.stringify(a.body), savedBy, now),
  fields: JSON.stringify(articleFields(a)),
});

/** A row as an article; its institutions are filled in by the repository (see withInstitutions). */
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
    seoTitle: row.seo_title,
    seoDescription: row.seo_description,
    institutionIds: [],
    foundInstitutionIds: [],
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
  seo_title: v.seoTitle ?? null,
  seo_description: v.seoDescription ?? null,
  ...(v.authorId !== undefined ? { author_id: v.authorId } : {}),
});

export function createNewsRepo(db: Kysely<DB> | Transaction<DB>) {
  const base = () => db.selectFrom('article').selectAll();
  const wq = workflowQueries(db, 'article', toArticle);

  const linksOf = (ids: number[]) => db.selectFrom('article_institution').select(['article_id', 'institution_id', 'origin']).where('article_id', 'in', ids).orderBy('institution_id');
  // An article's page asks for one article's: that query is compiled once.
  const linksOfOne = prepared(db, (v: { id: number }) => linksOf([v.id]));
  /** Articles with the institutions each is about (one query for all of them). */
  async function withInstitutions(articles: Article[]): Promise<Article[]> {
    if (articles.length === 0) return articles;
    const links = articles.length === 1 ? await linksOfOne({ id: articles[0]!.id }) : await linksOf(articles.map((a) => a.id)).execute();
    const byArticle = new Map<number, typeof links>();
    for (const l of links) byArticle.set(Number(l.article_id), [...(byArticle.get(Number(l.article_id)) ?? []), l]);
    return articles.map((a) => {
      const own = byArticle.get(a.id) ?? [];
      return { ...a, institutionIds: own.map((l) => Number(l.institution_id)), foundInstitutionIds: own.filter((l) => l.origin === 'found').map((l) => Number(l.institution_id)) };
    });
  }
  const full = async (a: Article | undefined) => (a ? (await withInstitutions([a]))[0] : undefined);
  const fullPage = async (p: Paged<Article>) => ({ ...p, items: await withInstitutions(p.items) });
  const one = async (q: ReturnType<typeof base>) => {
    const row = await q.limit(1).executeTakeFirst();
    return full(row ? toArticle(row) : undefined);
  };
  return {
    /**
     * Every visible article in the columns the site's state needs, newest first per language,
     * with its channel, institutions and (imported ones) the neighbours its old page named.
     */
    async visibleIndex(now: string): Promise<ArticleIndexRow[]> {
      const rows = await wq.visibleIndex(now, 'published');
      if (rows.length === 0) return [];
      const extra = await db
        .selectFrom('article')
        .select(['id', 'channel_id', 'legacy_key', 'legacy_prev_title', 'legacy_next_title'])
        .where(isVisible(now))
        .execute();
      const links = await db
        .selectFrom('article_institution')
        .innerJoin('article', 'article.id', 'article_institution.article_id')
        .select(['article_id', 'institution_id'])
        .where(isVisible(now))
        .orderBy('institution_id')
        .execute();
      const byId = new Map(extra.map((e) => [Number(e.id), e]));
      const inst = new Map<number, number[]>();
      for (const l of links) {
        const list = inst.get(Number(l.article_id)) ?? [];
        list.push(Number(l.institution_id));
        inst.set(Number(l.article_id), list);
      }
      return rows.map((r) => {
        const e = byId.get(r.id);
        // The same test as NewsService.neighbours: an empty title names no neighbour.
        const legacy = Boolean(e?.legacy_key && (e.legacy_prev_title || e.legacy_next_title));
        // Spelled out, not spread: V8 gave each spread copy a hidden class of its own (~400
        // bytes an article, 40 MB at 100,000).
        return {
          id: r.id,
          lang: r.lang,
          slug: r.slug,
          title: r.title,
          revision: r.revision,
          updatedAt: r.updatedAt,
          publishedAt: r.publishedAt,
          translationGroup: r.translationGroup,
          channelId: e?.channel_id == null ? null : Number(e.channel_id),
          institutionIds: inst.get(r.id) ?? [],
          legacyNeighbours: legacy ? { previous: e!.legacy_prev_title, next: e!.legacy_next_title } : null,
        };
      });
    },
    nextVisibilityChange: wq.nextVisibilityChange,
    /** The visible articles among `ids`, in the order of `ids`. */
    async findVisibleByIds(ids: readonly number[], now: string): Promise<Article[]> {
      if (ids.length === 0) return [];
      // Visibility is selected, not filtered on: in the WHERE clause SQLite (without statistics)
      // walks the status index over every published article instead of looking up ten ids.
      const rows = await base().select(isVisible(now).as('visible')).where('id', 'in', ids).execute();
      const byId = new Map(rows.filter((r) => Boolean(r.visible)).map((r) => [Number(r.id), toArticle(r)]));
      return withInstitutions(ids.map((id) => byId.get(id)).filter((a) => a !== undefined));
    },
    /** Newest first; articles whose date is unknown come last. */
    pagePublished: async (lang: Lang | undefined, now: string, req: PageRequest) => fullPage(await wq.pageVisible(lang, now, req, 'published')),
    /** The same order, within one channel or about one institution. */
    async pagePublishedIn(lang: Lang, now: string, req: PageRequest, filter: NewsFilter): Promise<Paged<Article>> {
      let ids = db.selectFrom('article').select('id').where(isVisible(now)).where('lang', '=', lang);
      if (filter.channelId !== undefined) ids = ids.where('channel_id', '=', filter.channelId);
      if (filter.institutionId !== undefined)
        ids = ids.where('id', 'in', db.selectFrom('article_institution').select('article_id').where('institution_id', '=', filter.institutionId));
      const [rows, count] = await Promise.all([
        base().where('id', 'in', ids).orderBy(sql`published_at desc nulls last`).orderBy('id', 'desc').limit(req.limit).offset(req.offset).execute(),
        db.selectFrom('article').select((eb) => eb.fn.countAll().as('n')).where('id', 'in', ids).executeTakeFirstOrThrow(),
      ]);
      return fullPage({ items: rows.map(toArticle), total: toCount(count.n) });
    },
    findById: async (id: number) => full(await wq.findById(id)),
    findPublishedById: async (id: number, now: string) => full(await wq.findVisible(now, { id })),
    findPublishedBySlug: async (lang: Lang, slug: string, now: string) => full(await wq.findVisible(now, { lang, slug })),
    findPublishedByTitle: async (lang: Lang, title: string, now: string) => full(await wq.findVisible(now, { lang, title })),
    findByLegacyKey: (lang: Lang, key: string) =>
      one(base().where('lang', '=', lang).where('legacy_key', '=', key)),
    /** An earlier import of the same article from a file with another name. */
    findImportedByTitle: (lang: Lang, title: string) =>
      one(base().where('lang', '=', lang).where('title', '=', title).where('legacy_key', 'is not', null).orderBy('id')),
    findPublishedInGroup: async (group: number, lang: Lang, now: string) => full(await wq.findVisible(now, { translationGroup: group, lang })),
    /** The article of `lang` in a translation group, whatever its status. */
    findInGroup: (group: number, lang: Lang) => one(base().where('translation_group', '=', group).where('lang', '=', lang)),

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
        .values({ ...toColumns(values), created_at: now, updated_at: now, content_changed_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toArticle(row);
    },
    update: async (id: number, values: Values, now: string) => (await full(await wq.updateAsNewRevision(id, toColumns(values), now)))!,
    listForAdmin: async (...args: Parameters<typeof wq.listForAdmin>) => fullPage(await wq.listForAdmin(...args)),
    updateIfRevision: async (id: number, expected: number, values: Values, now: string) => full(await wq.updateIfRevision(id, expected, values.status, toColumns(values), now)),
    changeStatus: async (...args: Parameters<typeof wq.changeStatus>) => full(await wq.changeStatus(...args)),
    dueForSchedule: wq.dueForSchedule,
    async insertRevision(a: Article, savedBy: number | null, now: string, isAutosave = false) {
      await db
        .insertInto('article_revision')
        .values({ article_id: a.id, ...revisionValues(a, savedBy, now), is_autosave: isAutosave ? 1 : 0 })
        .execute();
    },
    /** The newest revision row (to fold consecutive autosaves into one). */
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
    async replaceAutosaveRevision(rowId: number, a: Article, savedBy: number | null, now: string) {
      await db.updateTable('article_revision').set(revisionValues(a, savedBy, now)).where('id', '=', rowId).where('is_autosave', '=', 1).execute();
    },
    /** The institutions an article is about, and where each link came from. */
    async institutionLinks(articleId: number): Promise<InstitutionLink[]> {
      const rows = await db.selectFrom('article_institution').select(['institution_id', 'origin']).where('article_id', '=', articleId).orderBy('institution_id').execute();
      return rows.map((r) => ({ institutionId: Number(r.institution_id), origin: r.origin === 'found' ? 'found' : 'editor' }));
    },
    /** Replaces an article's institution links (ids of the article's language, checked by the caller). */
    async setInstitutionLinks(articleId: number, links: readonly InstitutionLink[]) {
      await db.deleteFrom('article_institution').where('article_id', '=', articleId).execute();
      if (links.length)
        await db.insertInto('article_institution').values(links.map((l) => ({ article_id: articleId, institution_id: l.institutionId, origin: l.origin }))).execute();
    },
    /** The institutions an editor unlinked from the article: its text does not link them again. */
    async removedInstitutions(articleId: number): Promise<number[]> {
      const rows = await db.selectFrom('article_institution_removed').select('institution_id').where('article_id', '=', articleId).execute();
      return rows.map((r) => Number(r.institution_id));
    },
    async setRemovedInstitutions(articleId: number, ids: readonly number[]) {
      await db.deleteFrom('article_institution_removed').where('article_id', '=', articleId).execute();
      if (ids.length) await db.insertInto('article_institution_removed').values(ids.map((id) => ({ article_id: articleId, institution_id: id }))).execute();
    },
    /** The published institutions of a language with every name they go by (for finding mentions). */
    async institutionNames(lang: Lang): Promise<{ id: number; names: string[] }[]> {
      const [rows, aliases] = await Promise.all([
        db.selectFrom('institution').select(['id', 'name']).where('lang', '=', lang).where('status', '=', 'published').orderBy('id').execute(),
        db
          .selectFrom('institution_alias')
          .innerJoin('institution', 'institution.id', 'institution_alias.institution_id')
          .select(['institution_id', 'alias'])
          .where('lang', '=', lang)
          .where('status', '=', 'published')
          .execute(),
      ]);
      const names = new Map(rows.map((r) => [Number(r.id), [r.name]]));
      for (const a of aliases) names.get(Number(a.institution_id))?.push(a.alias);
      return [...names].map(([id, list]) => ({ id, names: list }));
    },
    /**
     * The articles whose links to an institution may change with its names or state: those linked
     * to it by their text, and those whose title or text holds one of its names now. The text test
     * is a prefilter over the stored text and, for published articles, the search index's plain
     * text (the caller decides, word by word); a name whose letter case the store cannot fold, or
     * that the stored text would escape, reads every article of the language instead. A draft
     * whose name is cut by formatting in its stored text is found at its next save.
     */
    async articlesToRelink(institutionId: number): Promise<number[]> {
      const institution = await db.selectFrom('institution').select(['lang', 'name', 'status']).where('id', '=', institutionId).executeTakeFirst();
      if (!institution) return [];
      // Only a published institution's names link articles: the saves of a draft (its autosaves
      // above all) look only at the articles it may have been linked to, not at every text.
      const names: string[] = [];
      if (institution.status === 'published') {
        const aliases = await db.selectFrom('institution_alias').select('alias').where('institution_id', '=', institutionId).execute();
        names.push(...[institution.name, ...aliases.map((a) => a.alias)].filter((n) => n.trim()));
      }
      const everyArticle = names.some((n) => !likeSafe(n));
      const rows = await db
        .selectFrom('article')
        .select('id')
        .where('lang', '=', institution.lang)
        .where((eb) =>
          eb.or([
            eb('id', 'in', eb.selectFrom('article_institution').select('article_id').where('institution_id', '=', institutionId).where('origin', '=', 'found')),
            ...(everyArticle
              ? [sql<boolean>`1 = 1`]
              : names.flatMap((n) => {
                  const pattern = `%${n.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
                  return [
                    sql<boolean>`lower(title) like ${pattern} escape '\\'`,
                    sql<boolean>`lower(body) like ${pattern} escape '\\'`,
                    // The stored text is JSON, where a name set partly in bold is cut in two; a
                    // published article's plain text is in the search index, whole.
                    sql<boolean>`id in (select item_id from search_doc where type = 'article' and lower(text) like ${pattern} escape '\\')`,
                  ];
                })),
          ]),
        )
        .orderBy('id')
        .execute();
      return rows.map((r) => Number(r.id));
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
    async insertPreviewLink(l: { tokenHash: string; articleId: number; createdBy: number; now: string; expiresAt: string }) {
      await db
        .insertInto('preview_link')
        .values({ token_hash: l.tokenHash, article_id: l.articleId, created_by: l.createdBy, created_at: l.now, expires_at: l.expiresAt })
        .execute();
    },
    /** The links of an article that have not expired yet, newest first (never their tokens). */
    async listPreviewLinks(articleId: number, now: string) {
      const rows = await db.selectFrom('preview_link').select(['id', 'created_by', 'created_at', 'expires_at']).where('article_id', '=', articleId).where('expires_at', '>', now).orderBy('id', 'desc').execute();
      return rows.map((r) => ({ id: Number(r.id), createdBy: r.created_by == null ? null : Number(r.created_by), createdAt: toIso(r.created_at)!, expiresAt: toIso(r.expires_at)! }));
    },
    async deletePreviewLink(id: number, articleId: number) {
      const r = await db.deleteFrom('preview_link').where('id', '=', id).where('article_id', '=', articleId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async findPreviewLink(tokenHash: string) {
      const row = await db.selectFrom('preview_link').select(['article_id', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
      return row ? { articleId: Number(row.article_id), expiresAt: toIso(row.expires_at)! } : undefined;
    },
    async listRevisions(articleId: number): Promise<ArticleRevision[]> {
      const rows = await db.selectFrom('article_revision').selectAll().where('article_id', '=', articleId).orderBy('revision', 'desc').execute();
      // An article's text is never null: its revisions' neither.
      return rows.map((r) => ({ ...(toRevision(r, `article ${articleId}`) as ArticleRevision), ...(r.fields ? { fields: JSON.parse(r.fields) as ArticleFields } : {}), isAutosave: Number(r.is_autosave) === 1 }));
    },
    setTranslationGroup: wq.setTranslationGroup,
    groupMembers: wq.groupMembers,
    count: wq.count,
  };
}
export type NewsRepo = ReturnType<typeof createNewsRepo>;

/**
 * Whether a name is found in the stored text by `lower(…) like`: both stores lower ASCII letters
 * alike (SQLite no others), and the stored rich text is JSON, which escapes quotes, backslashes
 * and control characters.
 */
function likeSafe(name: string): boolean {
  for (const c of name) if ((c > '\x7f' && c.toLowerCase() !== c.toUpperCase()) || c === '"' || c === '\\' || c < ' ') return false;
  return true;
}

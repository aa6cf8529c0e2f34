// News: publication order, what visitors may see, neighbours (the old page's or computed).
import { isDocEmpty, type RichTextDoc } from '../richtext/index.js';
import { toIso, type Clock } from '../shared/clock.js';
import { invalid, notFound } from '../shared/errors.js';
import { otherLang, type Lang } from '../shared/lang.js';
import type { PageRequest } from '../shared/page.js';
import { SLUG_PATTERN, slugify, uniqueSlug } from '../shared/slug.js';
import { linkInstitutions } from './news.mentions.js';
import type { NewsRepo } from './news.repo.js';
import { ARTICLE_STATUSES, type Article, type ArticleInput, type NewsFilter, type Neighbours, type NeighbourRef } from './news.types.js';

export interface NewsDeps {
  repo: NewsRepo;
  clock: Clock;
  /** Records which library images the body shows (see the workflow's). */
  recordImages?: (articleId: number, body: RichTextDoc) => Promise<void>;
  /** Brings the article's search entry in line with it (see the workflow's). */
  reindex?: (articleId: number) => Promise<void>;
}

const normaliseDate = (value: string | null) => (value == null ? null : toIso(value));

export const articleNotFound = (what: string) => notFound('ARTICLE_NOT_FOUND', `Article ${what} not found`);

export function createNewsService({ repo, clock, recordImages = async () => {}, reindex = async () => {} }: NewsDeps) {
  const now = () => clock.now().toISOString();

  function validate(input: ArticleInput) {
    if (input.title.trim() === '') throw invalid('ARTICLE_TITLE_REQUIRED', 'title must not be empty', { field: 'title' });
    if (!ARTICLE_STATUSES.includes(input.status))
      throw invalid('ARTICLE_STATUS_INVALID', `status "${input.status}" is not known`, { field: 'status' });
    if (input.publishedAt != null && Number.isNaN(Date.parse(input.publishedAt)))
      throw invalid('ARTICLE_DATE_INVALID', 'publication date is not a valid date', { field: 'publishedAt' });
    if (input.status === 'published' && isDocEmpty(input.body) && !input.summary)
      throw invalid('ARTICLE_BODY_REQUIRED', 'a published article needs a body', { field: 'body' });
  }
  async function chooseSlug(input: ArticleInput, exceptId?: number) {
    if (input.slug !== undefined) {
      if (!SLUG_PATTERN.test(input.slug)) throw invalid('ARTICLE_SLUG_INVALID', `slug "${input.slug}" is not valid`, { field: 'slug' });
      if (await repo.isSlugTaken(input.lang, input.slug, exceptId))
        throw invalid('ARTICLE_SLUG_TAKEN', `slug "${input.slug}" is already used`, { field: 'slug' });
      return input.slug;
    }
    const fallback = `article-${(await repo.count()) + 1}`;
    return uniqueSlug(slugify(input.title, fallback), (s) => repo.isSlugTaken(input.lang, s, exceptId));
  }
  async function resolveTitle(lang: Lang, title: string | null): Promise<NeighbourRef | null> {
    if (!title) return null;
    const found = await repo.findPublishedByTitle(lang, title, now());
    return { title, slug: found?.slug ?? null };
  }
  const ref = (a: Article | undefined): NeighbourRef | null => (a ? { title: a.title, slug: a.slug } : null);

  return {
    /** Every visible article in brief, newest first per language (for the site's state). */
    visibleIndex: () => repo.visibleIndex(now()),
    nextVisibilityChange: () => repo.nextVisibilityChange(now()),
    listPublished: (lang: Lang | undefined, req: PageRequest) => repo.pagePublished(lang, now(), req),
    /** The visible articles among `ids`, in that order (a list page whose order the site's state knows). */
    publishedByIds: (ids: readonly number[]) => repo.findVisibleByIds(ids, now()),
    /** A language's news in one channel or about one institution, newest first (as listPublished). */
    listPublishedIn: (lang: Lang, req: PageRequest, filter: NewsFilter) => repo.pagePublishedIn(lang, now(), req, filter),
    async getPublishedBySlug(lang: Lang, slug: string): Promise<Article> {
      const found = await repo.findPublishedBySlug(lang, slug, now());
      if (!found) throw articleNotFound(`${lang}/${slug}`);
      return found;
    },
    async getPublishedById(id: number): Promise<Article> {
      const found = await repo.findPublishedById(id, now());
      if (!found) throw articleNotFound(String(id));
      return found;
    },
    /**
     * An imported article keeps the neighbours its old page named (linked when they are in the
     * store, plain titles otherwise); other articles get theirs from publication order:
     * previous = the one published before it, next = the one published after it.
     */
    async neighbours(article: Article): Promise<Neighbours> {
      if (article.legacyKey && (article.legacyPrevTitle || article.legacyNextTitle)) {
        const [previous, next] = await Promise.all([
          resolveTitle(article.lang, article.legacyPrevTitle),
          resolveTitle(article.lang, article.legacyNextTitle),
        ]);
        return { previous, next };
      }
      const [older, newer] = await Promise.all([repo.older(article), repo.newer(article, now())]);
      return { previous: ref(older), next: ref(newer) };
    },
    async translationOf(article: Article, lang: Lang) {
      return article.translationGroup == null ? undefined : repo.findPublishedInGroup(article.translationGroup, lang, now());
    },
    /** Whether a title names a visible article (the importer reports neighbours that do not). */
    async hasPublishedTitle(lang: Lang, title: string) {
      return (await repo.findPublishedByTitle(lang, title, now())) !== undefined;
    },
    async create(input: ArticleInput): Promise<Article> {
      validate(input);
      const article = await repo.insert({ ...input, slug: await chooseSlug(input) }, now());
      await recordImages(article.id, article.body);
      await linkInstitutions(repo, article, input.institutionIds && { ids: input.institutionIds });
      await reindex(article.id);
      return (await repo.findById(article.id))!;
    },
    /**
     * Creates the article with this legacy key, or updates the one an earlier import created.
     * A page exported again under another file name is recognised by title only when its text
     * and date are the same too: a title match never overwrites other text.
     */
    async upsertImported(input: ArticleInput & { legacyKey: string }) {
      validate(input);
      const sameContent = async () => {
        const found = await repo.findImportedByTitle(input.lang, input.title);
        const same =
          found &&
          found.publishedAt === normaliseDate(input.publishedAt) &&
          JSON.stringify(found.body) === JSON.stringify(input.body) &&
          !(found.legacyId && input.legacyId && found.legacyId !== input.legacyId);
        return same ? found : undefined;
      };
      const existing = (await repo.findByLegacyKey(input.lang, input.legacyKey)) ?? (await sameContent());
      if (!existing) {
        const inserted = await repo.insert({ ...input, slug: await chooseSlug(input) }, now());
        await recordImages(inserted.id, inserted.body);
        await linkInstitutions(repo, inserted);
        await reindex(inserted.id);
        return { item: (await repo.findById(inserted.id))!, created: true };
      }
      // Keep what editors decide: the address (slug) and whether it is published.
      const item = await repo.update(
        existing.id,
        { ...input, legacyKey: existing.legacyKey, slug: existing.slug, status: existing.status },
        now(),
      );
      await recordImages(item.id, item.body);
      await linkInstitutions(repo, item);
      await reindex(item.id);
      return { item: (await repo.findById(item.id))!, created: false };
    },
    /** The other language's version of an article, whatever its status (for the workspace). */
    async translationInWorkspace(article: Article): Promise<Article | undefined> {
      return article.translationGroup == null ? undefined : repo.findInGroup(article.translationGroup, otherLang(article.lang));
    },
    async linkTranslations(a: Article, b: Article) {
      if (a.lang === b.lang) throw invalid('TRANSLATION_SAME_LANG', 'a translation must be in the other language');
      await repo.setTranslationGroup([a.id, b.id], a.translationGroup ?? a.id);
    },
    count: () => repo.count(),
  };
}
export type NewsService = ReturnType<typeof createNewsService>;

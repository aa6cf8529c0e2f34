// Pages: standalone texts such as About, addressed as /<lang>/<slug>. What visitors may see; the
// editing is pages.workflow.ts.
import type { Clock } from '../shared/clock.js';
import { invalid, notFound } from '../shared/errors.js';
import type { Lang } from '../shared/lang.js';
import type { PageRequest } from '../shared/page.js';
import { SLUG_PATTERN, slugify, uniqueSlug } from '../shared/slug.js';
import type { PagesRepo } from './pages.repo.js';
import { RESERVED_PAGE_SLUGS, type Page, type PageInput } from './pages.types.js';

export const pageNotFound = (what: string) => notFound('PAGE_NOT_FOUND', `Page ${what} not found`);

export function createPagesService({ repo, clock, reindex = async () => {} }: { repo: PagesRepo; clock: Clock; reindex?: (pageId: number) => Promise<void> }) {
  const now = () => clock.now().toISOString();
  return {
    /** Every visible item in brief, in visitors' order per language (for the site's state). */
    visibleIndex: () => repo.visibleIndex(now(), 'position'),
    nextVisibilityChange: () => repo.nextVisibilityChange(now()),
    listPublished: (lang: Lang | undefined, req: PageRequest) => repo.pagePublished(lang, now(), req),
    async getPublishedBySlug(lang: Lang, slug: string): Promise<Page> {
      const found = await repo.findPublishedBySlug(lang, slug, now());
      if (!found) throw pageNotFound(`${lang}/${slug}`);
      return found;
    },
    async getPublishedById(id: number): Promise<Page> {
      const found = await repo.findPublishedById(id, now());
      if (!found) throw pageNotFound(String(id));
      return found;
    },
    translationOf: (page: Page, lang: Lang) =>
      page.translationGroup == null ? Promise.resolve(undefined) : repo.findPublishedInGroup(page.translationGroup, lang, now()),
    /** A page as the demo loader writes it (editors go through the workflow). */
    async create(input: PageInput): Promise<Page> {
      if (input.title.trim() === '') throw invalid('PAGE_TITLE_REQUIRED', 'title must not be empty', { field: 'title' });
      const base = input.slug ?? slugify(input.title, 'page');
      if (!SLUG_PATTERN.test(base) || RESERVED_PAGE_SLUGS.has(base))
        throw invalid('PAGE_SLUG_INVALID', `slug "${base}" is not valid or is reserved`, { field: 'slug' });
      const taken = (s: string) => repo.isSlugTaken(input.lang, s);
      if (input.slug !== undefined && (await taken(input.slug)))
        throw invalid('PAGE_SLUG_TAKEN', `slug "${input.slug}" is already used`, { field: 'slug' });
      const page = await repo.insert({ ...input, slug: await uniqueSlug(base, taken) }, now());
      await reindex(page.id);
      return page;
    },
    count: () => repo.count(),
    isPublished: (lang: Lang, slug: string) => repo.isPublished(lang, slug, now()),
    async linkTranslations(a: Page, b: Page) {
      if (a.lang === b.lang) throw invalid('TRANSLATION_SAME_LANG', 'a translation must be in the other language');
      await repo.setTranslationGroup([a.id, b.id], a.translationGroup ?? a.id);
    },
  };
}
export type PagesService = ReturnType<typeof createPagesService>;

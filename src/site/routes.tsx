// The site map in code. Each route lists its URLs from the store and renders one of them; the HTTP
// server and (later) the static exporter walk this same table, so they cannot drift apart.
import type { Services } from '../app/services.js';
import type { PublishingSettings } from '../config/index.js';
import type { Institution } from '../institutions/index.js';
import type { Article } from '../news/index.js';
import type { Page } from '../pages/index.js';
import { docImages, excerpt, linkFirstMentions } from '../richtext/index.js';
import { LANGS, otherLang, type Lang } from '../shared/lang.js';
import { urls } from '../shared/urls.js';
import { renderDocument } from './document.js';
import { feedRoutes } from './feeds.js';
import { translator } from './i18n.js';
import { both, channelName, listed, listRoutes, newsItem, newsWindow } from './lists.js';
import { searchFold, searchIndex, searchPage } from './search.js';
import { langParam, slugParam } from './params.js';
import { alternatesOf, newest, robotsRoute, sitemapRoutes, type SitemapEntry } from './sitemap.js';
import { dep, list, type SiteState } from './state.js';
import { HomePage } from './views/home.js';
import { DirectoryPage, InstitutionPage } from './views/institutions.js';
import { ErrorPage, NotFoundPage, StaticPage } from './views/misc.js';
import { ArticlePage } from './views/news.js';
import type { DirectoryItem } from './views/view-models.js';

const HOME_NEWS = 5;
const HOME_INSTITUTIONS = 12;
/** How many of its newest articles an institution's profile lists. */
const RELATED_NEWS = 10;

export interface SiteAssets {
  css: string;
  icon: string;
  /** The workspace's form helpers (slug check). */
  adminFields: string;
  /** The search page's script. */
  search: string;
  /** The article page's read-aloud script. */
  reader: string;
}

export interface SiteContext {
  services: Services;
  /** Absolute origin (and path prefix) the site is published under, without a trailing slash. */
  baseUrl: string;
  assets: SiteAssets;
  /** Record numbers and codes the pages print; nothing is printed for what is absent. */
  publishing?: PublishingSettings;
  /**
   * Rendering for the static export, which has no server to answer a query: the search page then
   * searches the downloaded index in the browser.
   */
  staticCopy?: boolean;
}

export interface Rendered {
  body: string;
  /**
   * The keys of what this page shows (see `dep` in state.ts): when the version of one of them
   * changes, the page is rendered again, by the live cache and by the incremental export alike.
   */
  deps: string[];
}

export interface SiteRoute {
  id: string;
  /** Fastify-style pattern. */
  pattern: string;
  /** Content-Type of what it renders; HTML when absent. */
  type?: string;
  /** Every address of this route, from the site's state (what the export writes). */
  list(ctx: SiteContext, state: SiteState): string[] | Promise<string[]>;
  /** HTML routes: the same addresses, each with when its content last changed and its translations. */
  sitemap?(ctx: SiteContext, state: SiteState): SitemapEntry[];
  /** `state`: the site's state the page is rendered for; it spares queries (menu, neighbours, lists). */
  render(ctx: SiteContext, params: Record<string, string>, state?: SiteState): Promise<Rendered>;
  /**
   * Pages that differ by query string (search results): rendered for each request and never kept
   * in the page cache, which knows addresses without their query. Undefined when the query asks
   * for nothing: the page is then the one `render` makes.
   */
  renderQuery?(ctx: SiteContext, params: Record<string, string>, query: URLSearchParams, state?: SiteState): Promise<Rendered | undefined>;
}

export const HTML_TYPE = 'text/html; charset=utf-8';

/** The page's path in its own language and, when it has a translation, in the other. */
function pathsOf<T extends { lang: Lang; slug: string }>(self: T, translation: T | undefined, url: (lang: Lang, slug: string) => string) {
  const paths: Partial<Record<Lang, string>> = { [self.lang]: url(self.lang, self.slug) };
  if (translation) paths[translation.lang] = url(translation.lang, translation.slug);
  return paths;
}

function directoryItem(i: Institution): DirectoryItem {
  return { number: i.position, name: i.name, href: i.profile ? urls.institution(i.lang, i.slug) : null, anchor: `institution-${i.position}` };
}
const ofLang = <T extends { lang: Lang }>(rows: readonly T[], lang: Lang) => rows.filter((r) => r.lang === lang);

const home: SiteRoute = {
  id: 'home',
  pattern: '/:lang/',
  ...listed((state) =>
    LANGS.map((lang) => ({
      path: urls.home(lang),
      lastmod: newest([
        ...state.listOf(list.news(lang)).slice(0, HOME_NEWS),
        ...state.data.pages.filter((p) => p.lang === lang && p.slug === 'about'),
        ...ofLang(state.data.institutions, lang).slice(0, HOME_INSTITUTIONS),
      ]),
      alternates: both(urls.home),
    })),
  ),
  async render(ctx, params, state) {
    const lang = langParam(params);
    const t = translator(lang);
    const { services } = ctx;
    const [news, institutions, about] = await Promise.all([
      newsWindow(ctx, { lang, list: list.news(lang) }, { offset: 0, limit: HOME_NEWS }, state),
      services.institutions.directory(lang),
      // The state knows when there is none: no lookup to fail (a failure costs a stack trace).
      state && !state.hasAbout(lang) ? undefined : services.pages.getPublishedBySlug(lang, 'about').catch(() => undefined),
    ]);
    const view = {
      about: about ? { title: about.title, summary: about.summary ?? excerpt(about.body, 200), href: urls.page(lang, about.slug) } : null,
      news: news.items.map(newsItem),
      institutions: institutions.slice(0, HOME_INSTITUTIONS).map(directoryItem),
    };
    const body = await renderDocument(ctx, t, { title: null, path: urls.home(lang), paths: both(urls.home), section: 'home', description: view.about?.summary, state }, <HomePage t={t} view={view} />);
    return {
      body,
      deps: [
        dep.about(lang),
        ...(about ? [dep.page(about.id)] : []),
        dep.window(list.news(lang), 0, HOME_NEWS),
        ...news.items.map((a) => dep.article(a.id)),
        dep.all('institution', lang),
      ],
    };
  },
};

const directory: SiteRoute = {
  id: 'institutions',
  pattern: '/:lang/institutions/',
  ...listed((state) => LANGS.map((lang) => ({ path: urls.institutions(lang), lastmod: newest(ofLang(state.data.institutions, lang)), alternates: both(urls.institutions) }))),
  async render(ctx, params, state) {
    const lang = langParam(params);
    const t = translator(lang);
    const items = (await ctx.services.institutions.directory(lang)).map(directoryItem);
    const body = await renderDocument(
      ctx,
      t,
      { title: t.m.institutionsTitle, path: urls.institutions(lang), paths: both(urls.institutions), section: 'institutions', crumbs: [{ label: t.m.institutionsTitle }], state },
      <DirectoryPage t={t} items={items} />,
    );
    return { body, deps: [dep.about(lang), dep.all('institution', lang)] };
  },
};

const institution: SiteRoute = {
  id: 'institution',
  pattern: '/:lang/institutions/:slug',
  ...listed((state) =>
    state.data.institutions.map((i) => ({
      path: urls.institution(i.lang, i.slug),
      lastmod: newest([i, ...state.listOf(list.institution(i.lang, i.id)).slice(0, RELATED_NEWS)]),
      alternates: alternatesOf(state, 'institution', i, urls.institution),
    })),
  ),
  async render(ctx, params, state) {
    const item = await ctx.services.institutions.getBySlug(langParam(params), slugParam(params));
    return renderInstitution(ctx, item, state);
  },
};

/** An institution's profile, for the public route and for previews in the workspace. */
export async function renderInstitution(ctx: SiteContext, item: Institution, state?: SiteState): Promise<Rendered> {
  const lang = item.lang;
  const t = translator(lang);
  // A visible institution is in the state; a draft in preview is looked up.
  const known = state?.item('institution', item.id) ? state : undefined;
  const [translation, news] = await Promise.all([
    known ? known.translationOf('institution', item.id) : ctx.services.institutions.translationOf(item, otherLang(lang)),
    newsWindow(ctx, { lang, list: list.institution(lang, item.id), filter: { institutionId: item.id } }, { offset: 0, limit: RELATED_NEWS }, known),
  ]);
  const paths = pathsOf(item, translation, urls.institution);
  const body = await renderDocument(
    ctx,
    t,
    {
      title: item.name,
      description: item.profile ? excerpt(item.profile) : undefined,
      path: urls.institution(lang, item.slug),
      paths,
      section: 'institutions',
      crumbs: [{ label: t.m.institutionsTitle, href: urls.institutions(lang) }, { label: item.name }],
      state,
    },
    <InstitutionPage
      t={t}
      view={{
        number: item.position,
        name: item.name,
        profile: item.profile,
        address: item.address,
        phone: item.phone,
        email: item.email,
        externalUrl: item.externalUrl,
        news: news.items.map(newsItem),
        moreNewsHref: news.total > RELATED_NEWS ? urls.institutionNews(lang, item.slug) : null,
      }}
    />,
  );
  const related = list.institution(lang, item.id);
  return {
    body,
    deps: [
      dep.about(lang),
      dep.institution(item.id),
      dep.translation('institution', item.id),
      dep.window(related, 0, RELATED_NEWS),
      dep.count(related),
      ...news.items.map((a) => dep.article(a.id)),
    ],
  };
}

const article: SiteRoute = {
  id: 'article',
  pattern: '/:lang/news/:slug',
  ...listed((state) => state.data.articles.map((a) => ({ path: urls.article(a.lang, a.slug), lastmod: newest([a]), alternates: alternatesOf(state, 'article', a, urls.article) }))),
  async render(ctx, params, state) {
    const a = await ctx.services.news.getPublishedBySlug(langParam(params), slugParam(params));
    return { body: await renderArticle(ctx, a, state), deps: articleDeps(a) };
  },
};

/** What an article's page shows besides its own text (see renderArticle). */
export const articleDeps = (a: Article) => [
  dep.about(a.lang),
  dep.article(a.id),
  dep.neighbours(a.id),
  dep.translation('article', a.id),
  ...a.institutionIds.map(dep.institution),
  ...docImages(a.body).map((i) => dep.media(i.attrs.mediaId)),
  // Its channel's name is the page's column.
  ...(a.channelId !== null ? [dep.channels()] : []),
];

/**
 * The article page, for the public route and for previews of drafts: one function, so that a
 * preview shows exactly what visitors will get.
 */
export async function renderArticle(ctx: SiteContext, a: Article, state?: SiteState): Promise<string> {
  const lang = a.lang;
  const t = translator(lang);
  // A published article is in the state, which knows its neighbours, translation, institutions
  // and channels; a draft in preview is looked up.
  const known = state?.item('article', a.id) ? state : undefined;
  const [neighbours, translation, images, directory, channels, aliases] = await Promise.all([
    known?.neighboursOf(a.id) ?? ctx.services.news.neighbours(a),
    known ? known.translationOf('article', a.id) : ctx.services.news.translationOf(a, otherLang(lang)),
    ctx.services.media.renditions([a.body]),
    !a.institutionIds.length
      ? []
      : known
        ? a.institutionIds.flatMap((id) => {
            const i = known.item('institution', id);
            return i ? [{ id: i.id, name: i.title, slug: i.slug }] : [];
          })
        : ctx.services.institutions.directory(lang),
    a.channelId === null ? [] : known ? known.data.channels : ctx.services.taxonomy.channels(),
    ctx.services.institutions.aliasesOf(a.institutionIds),
  ]);
  const institutions = directory.filter((i) => a.institutionIds.includes(i.id)).map((i) => ({ id: i.id, name: i.name, href: urls.institution(lang, i.slug) }));
  const link = (n: typeof neighbours.previous) => (n ? { title: n.title, href: n.slug ? urls.article(lang, n.slug) : null } : null);
  const paths = pathsOf(a, translation, urls.article);
  // Link previews show the first picture the article has.
  const picture = docImages(a.body).find((i) => images.has(i.attrs.mediaId));
  const channel = channels.find((c) => c.id === a.channelId);
  // The first mention of each linked institution, by name or alias, leads to its profile (their
  // names and aliases are in the deps: saving aliases gives the institution a new revision).
  const body = linkFirstMentions(a.body, institutions.map((i) => ({ names: [i.name, ...(aliases.get(i.id) ?? [])], href: i.href })));
  const html = await renderDocument(
    ctx,
    t,
    {
      title: a.seoTitle ?? a.title,
      description: a.seoDescription ?? a.summary ?? excerpt(a.body),
      path: urls.article(lang, a.slug),
      paths,
      section: 'news',
      crumbs: [{ label: t.m.newsTitle, href: urls.newsIndex(lang) }, { label: a.title }],
      column: channel && channelName(channel, lang),
      article: {
        title: a.title,
        publishedAt: a.publishedAt,
        updatedAt: a.updatedAt,
        image: picture ? { url: `${ctx.baseUrl}${images.get(picture.attrs.mediaId)!.src}`, alt: picture.attrs.alt } : null,
        source: a.legacySource,
      },
      scripts: [ctx.assets.reader],
      reading: true,
      state,
    },
    <ArticlePage t={t} view={{ title: a.title, publishedAt: a.publishedAt, body, images, institutions, previous: link(neighbours.previous), next: link(neighbours.next) }} />,
  );
  return html;
}

const staticPage: SiteRoute = {
  id: 'page',
  pattern: '/:lang/:slug',
  ...listed((state) => state.data.pages.map((p) => ({ path: urls.page(p.lang, p.slug), lastmod: newest([p]), alternates: alternatesOf(state, 'page', p, urls.page) }))),
  async render(ctx, params, state) {
    return renderPage(ctx, await ctx.services.pages.getPublishedBySlug(langParam(params), slugParam(params)), state);
  },
};

/** A page, for the public route and for previews in the workspace. */
export async function renderPage(ctx: SiteContext, p: Page, state?: SiteState): Promise<Rendered> {
  const lang = p.lang;
  const t = translator(lang);
  const translation = state?.item('page', p.id) ? state.translationOf('page', p.id) : await ctx.services.pages.translationOf(p, otherLang(lang));
  const paths = pathsOf(p, translation, urls.page);
  const body = await renderDocument(
    ctx,
    t,
    {
      title: p.title,
      description: p.summary ?? excerpt(p.body),
      path: urls.page(lang, p.slug),
      paths,
      section: p.slug === 'about' ? 'about' : 'none',
      crumbs: [{ label: p.title }],
      state,
    },
    <StaticPage view={{ title: p.title, body: p.body }} />,
  );
  return { body, deps: [dep.about(lang), dep.page(p.id), dep.translation('page', p.id)] };
}

/** The HTML pages, in the order the sitemap lists them. */
const pageRoutes: readonly SiteRoute[] = [home, directory, institution, ...listRoutes, article, staticPage];

// The search page and its index are not listed in the sitemap: there is nothing to index in them.
export const siteRoutes: readonly SiteRoute[] = [...pageRoutes, searchPage, searchIndex, searchFold, ...feedRoutes, ...sitemapRoutes(pageRoutes), robotsRoute];

/** The sitemap routes with another limit of addresses to a file (tests). */
export const sitemapRoutesWithLimit = (limit: number) => sitemapRoutes(pageRoutes, limit);

/**
 * The page for an address that leads nowhere, or (gone) to content that was taken down (410). Its
 * language switch goes to the other home plainly: there is no page here to be missing a translation.
 */
export function renderNotFound(ctx: SiteContext, lang: Lang, path: string, { gone = false, state }: { gone?: boolean; state?: SiteState } = {}): Promise<string> {
  const t = translator(lang);
  const title = gone ? t.m.goneTitle : t.m.notFoundTitle;
  // The display switch leads home: one page serves every missing address (in the export too).
  return renderDocument(
    ctx,
    t,
    { title, path, paths: {}, fallbackSwitch: urls.home(otherLang(lang)), section: 'none', noCanonical: true, back: urls.home(lang), state },
    <NotFoundPage t={t} gone={gone} />,
  );
}

export function renderServerError(ctx: SiteContext, lang: Lang, path: string): Promise<string> {
  const t = translator(lang);
  return renderDocument(ctx, t, { title: t.m.errorTitle, path, paths: {}, fallbackSwitch: urls.home(otherLang(lang)), section: 'none', noCanonical: true, back: urls.home(lang) }, <ErrorPage t={t} />);
}

// The site map in code. Each route lists its URLs from the store and renders one of them; the HTTP
// server and (later) the static exporter walk this same table, so they cannot drift apart.
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Services } from '../app/services.js';
import type { Institution } from '../institutions/index.js';
import type { Article } from '../news/index.js';
import type { Page } from '../pages/index.js';
import { docImages, excerpt } from '../richtext/index.js';
import { notFound } from '../shared/errors.js';
import { isLang, LANGS, otherLang, type Lang } from '../shared/lang.js';
import { SLUG_PATTERN } from '../shared/slug.js';
import { urls } from '../shared/urls.js';
import { translator, type Translator } from './i18n.js';
import { dep, list, type SiteState } from './state.js';
import { HomePage } from './views/home.js';
import { DirectoryPage, InstitutionPage } from './views/institutions.js';
import { Layout, type LayoutProps } from './views/layout.js';
import { ErrorPage, NotFoundPage, StaticPage } from './views/misc.js';
import { ArticlePage, NewsIndexPage } from './views/news.js';
import type { DirectoryItem, NewsItem } from './views/view-models.js';

export const NEWS_PER_PAGE = 10;
const HOME_NEWS = 5;
const HOME_INSTITUTIONS = 12;

export interface SiteAssets {
  css: string;
  icon: string;
  /** The workspace's form helpers (slug check). */
  adminFields: string;
}

export interface SiteContext {
  services: Services;
  /** Absolute origin (and path prefix) the site is published under, without a trailing slash. */
  baseUrl: string;
  assets: SiteAssets;
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
  render(ctx: SiteContext, params: Record<string, string>): Promise<Rendered>;
}

export const HTML_TYPE = 'text/html; charset=utf-8';

type PageMeta = Omit<LayoutProps, 't' | 'assets' | 'children' | 'canonical' | 'alternates' | 'switchHref' | 'description' | 'hasAbout'> & {
  path: string;
  description?: string;
  /** Path of this page in each language that has it. */
  paths: Partial<Record<Lang, string>>;
  /** Where the language switch goes when there is no translation. */
  fallbackSwitch?: string;
  /** Error pages are not the canonical anything. */
  noCanonical?: boolean;
};

const DOCTYPE = '<!doctype html>';

export async function renderDocument(ctx: SiteContext, t: Translator, meta: PageMeta, body: VNode): Promise<string> {
  // The menu links to About only where there is one (an imported site may not have it yet).
  const hasAbout = await ctx.services.pages.isPublished(t.lang, 'about');
  const abs = (p: string) => `${ctx.baseUrl}${p}`;
  const other = otherLang(t.lang);
  const alternates: Partial<Record<Lang, string>> = {};
  for (const [lang, p] of Object.entries(meta.paths) as [Lang, string][]) alternates[lang] = abs(p);
  const page = (
    <Layout
      t={t}
      title={meta.title}
      description={meta.description ?? t.m.siteDescription}
      canonical={meta.noCanonical ? null : abs(meta.path)}
      alternates={Object.keys(alternates).length > 1 ? alternates : {}}
      switchHref={meta.paths[other] ?? meta.fallbackSwitch ?? urls.home(other)}
      section={meta.section}
      hasAbout={hasAbout}
      crumbs={meta.crumbs}
      assets={ctx.assets}
    >
      {body}
    </Layout>
  );
  return DOCTYPE + renderToString(page);
}

const langParam = (params: Record<string, string>): Lang => {
  const lang = params.lang;
  if (!isLang(lang)) throw notFound('LANGUAGE_NOT_FOUND', `No site in language "${lang}"`);
  return lang;
};
/** A slug as the site makes them; anything else (NUL bytes, 10 KB strings…) is not asked of the store. */
const slugParam = (params: Record<string, string>): string => {
  const slug = params.slug ?? '';
  if (slug.length > 200 || !SLUG_PATTERN.test(slug)) throw notFound('ROUTE_NOT_FOUND', 'No such address');
  return slug;
};
const both = (path: (lang: Lang) => string) => ({ zh: path('zh'), en: path('en') });

/** The page's path in its own language and, when it has a translation, in the other. */
function pathsOf<T extends { lang: Lang; slug: string }>(self: T, translation: T | undefined, url: (lang: Lang, slug: string) => string) {
  const paths: Partial<Record<Lang, string>> = { [self.lang]: url(self.lang, self.slug) };
  if (translation) paths[translation.lang] = url(translation.lang, translation.slug);
  return paths;
}

function newsItem(a: Article): NewsItem {
  return { title: a.title, href: urls.article(a.lang, a.slug), publishedAt: a.publishedAt, excerpt: a.summary ?? excerpt(a.body) };
}
function directoryItem(i: Institution): DirectoryItem {
  return { number: i.position, name: i.name, href: i.profile ? urls.institution(i.lang, i.slug) : null, anchor: `institution-${i.position}` };
}

const home: SiteRoute = {
  id: 'home',
  pattern: '/:lang/',
  list: () => LANGS.map((l) => urls.home(l)),
  async render(ctx, params) {
    const lang = langParam(params);
    const t = translator(lang);
    const { services } = ctx;
    const [news, institutions, about] = await Promise.all([
      services.news.listPublished(lang, { offset: 0, limit: HOME_NEWS }),
      services.institutions.directory(lang),
      services.pages.getPublishedBySlug(lang, 'about').catch(() => undefined),
    ]);
    const view = {
      about: about ? { title: about.title, summary: about.summary ?? excerpt(about.body, 200), href: urls.page(lang, about.slug) } : null,
      news: news.items.map(newsItem),
      institutions: institutions.slice(0, HOME_INSTITUTIONS).map(directoryItem),
    };
    const body = await renderDocument(ctx, t, { title: null, path: urls.home(lang), paths: both(urls.home), section: 'home', description: view.about?.summary }, <HomePage t={t} view={view} />);
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
  list: () => LANGS.map((l) => urls.institutions(l)),
  async render(ctx, params) {
    const lang = langParam(params);
    const t = translator(lang);
    const items = (await ctx.services.institutions.directory(lang)).map(directoryItem);
    const body = await renderDocument(
      ctx,
      t,
      { title: t.m.institutionsTitle, path: urls.institutions(lang), paths: both(urls.institutions), section: 'institutions', crumbs: [{ label: t.m.institutionsTitle }] },
      <DirectoryPage t={t} items={items} />,
    );
    return { body, deps: [dep.about(lang), dep.all('institution', lang)] };
  },
};

const institution: SiteRoute = {
  id: 'institution',
  pattern: '/:lang/institutions/:slug',
  list: (_ctx, state) => state.data.institutions.map((i) => urls.institution(i.lang, i.slug)),
  async render(ctx, params) {
    const item = await ctx.services.institutions.getBySlug(langParam(params), slugParam(params));
    return renderInstitution(ctx, item);
  },
};

/** An institution's profile, for the public route and for previews in the workspace. */
export async function renderInstitution(ctx: SiteContext, item: Institution): Promise<Rendered> {
  const lang = item.lang;
  const t = translator(lang);
  const translation = await ctx.services.institutions.translationOf(item, otherLang(lang));
  const paths = pathsOf(item, translation, urls.institution);
  const body = await renderDocument(
    ctx,
    t,
    {
      title: item.name,
      description: item.profile ? excerpt(item.profile) : undefined,
      path: urls.institution(lang, item.slug),
      paths,
      fallbackSwitch: urls.institutions(otherLang(lang)),
      section: 'institutions',
      crumbs: [{ label: t.m.institutionsTitle, href: urls.institutions(lang) }, { label: item.name }],
    },
    <InstitutionPage t={t} view={{ number: item.position, name: item.name, profile: item.profile, address: item.address, phone: item.phone, email: item.email, externalUrl: item.externalUrl }} />,
  );
  return { body, deps: [dep.about(lang), dep.institution(item.id), dep.translation('institution', item.id)] };
}

async function renderNewsIndex(ctx: SiteContext, lang: Lang, page: number): Promise<Rendered> {
  const t = translator(lang);
  const result = await ctx.services.news.listPublished(lang, { offset: (page - 1) * NEWS_PER_PAGE, limit: NEWS_PER_PAGE });
  const pages = Math.max(1, Math.ceil(result.total / NEWS_PER_PAGE));
  if (page > pages) throw notFound('NEWS_PAGE_NOT_FOUND', `News page ${page} does not exist`);
  const view = { items: result.items.map(newsItem), page, pages, pageHref: (p: number) => urls.newsIndex(lang, p) };
  const body = await renderDocument(
    ctx,
    t,
    {
      title: page > 1 ? `${t.m.newsTitle} · ${t.m.pageOf(page, pages)}` : t.m.newsTitle,
      path: urls.newsIndex(lang, page),
      paths: page === 1 ? both((l) => urls.newsIndex(l)) : { [lang]: urls.newsIndex(lang, page) },
      fallbackSwitch: urls.newsIndex(otherLang(lang)),
      section: 'news',
      crumbs: [{ label: t.m.newsTitle }],
    },
    <NewsIndexPage t={t} view={view} />,
  );
  const news = list.news(lang);
  return {
    body,
    deps: [dep.about(lang), dep.count(news), dep.window(news, (page - 1) * NEWS_PER_PAGE, NEWS_PER_PAGE), ...result.items.map((a) => dep.article(a.id))],
  };
}

const newsIndex: SiteRoute = {
  id: 'news-index',
  pattern: '/:lang/news/',
  list: () => LANGS.map((l) => urls.newsIndex(l)),
  render: (ctx, params) => renderNewsIndex(ctx, langParam(params), 1),
};

const newsPage: SiteRoute = {
  id: 'news-page',
  pattern: '/:lang/news/page/:page/',
  list(_ctx, state) {
    const out: string[] = [];
    for (const lang of LANGS) {
      const total = state.listOf(list.news(lang)).length;
      for (let p = 2; p <= Math.ceil(total / NEWS_PER_PAGE); p++) out.push(urls.newsIndex(lang, p));
    }
    return out;
  },
  render(ctx, params) {
    const lang = langParam(params);
    const page = /^[1-9]\d{0,5}$/.test(params.page ?? '') ? Number(params.page) : NaN;
    // Page 1 lives at /news/ only, so each listing has one address.
    if (!(page >= 2)) throw notFound('NEWS_PAGE_NOT_FOUND', `News page "${params.page}" does not exist`);
    return renderNewsIndex(ctx, lang, page);
  },
};

const article: SiteRoute = {
  id: 'article',
  pattern: '/:lang/news/:slug',
  list: (_ctx, state) => state.data.articles.map((a) => urls.article(a.lang, a.slug)),
  async render(ctx, params) {
    const a = await ctx.services.news.getPublishedBySlug(langParam(params), slugParam(params));
    return { body: await renderArticle(ctx, a), deps: articleDeps(a) };
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
];

/**
 * The article page, for the public route and for previews of drafts: one function, so that a
 * preview shows exactly what visitors will get.
 */
export async function renderArticle(ctx: SiteContext, a: Article): Promise<string> {
  const lang = a.lang;
  const t = translator(lang);
  const [neighbours, translation, images, directory] = await Promise.all([
    ctx.services.news.neighbours(a),
    ctx.services.news.translationOf(a, otherLang(lang)),
    ctx.services.media.renditions([a.body]),
    a.institutionIds.length ? ctx.services.institutions.directory(lang) : Promise.resolve([]),
  ]);
  const institutions = directory.filter((i) => a.institutionIds.includes(i.id)).map((i) => ({ name: i.name, href: urls.institution(lang, i.slug) }));
  const link = (n: typeof neighbours.previous) => (n ? { title: n.title, href: n.slug ? urls.article(lang, n.slug) : null } : null);
  const paths = pathsOf(a, translation, urls.article);
  const html = await renderDocument(
    ctx,
    t,
    {
      title: a.seoTitle ?? a.title,
      description: a.seoDescription ?? a.summary ?? excerpt(a.body),
      path: urls.article(lang, a.slug),
      paths,
      fallbackSwitch: urls.newsIndex(otherLang(lang)),
      section: 'news',
      crumbs: [{ label: t.m.newsTitle, href: urls.newsIndex(lang) }, { label: a.title }],
    },
    <ArticlePage t={t} view={{ title: a.title, publishedAt: a.publishedAt, body: a.body, images, institutions, previous: link(neighbours.previous), next: link(neighbours.next) }} />,
  );
  return html;
}

const staticPage: SiteRoute = {
  id: 'page',
  pattern: '/:lang/:slug',
  list: (_ctx, state) => state.data.pages.map((p) => urls.page(p.lang, p.slug)),
  async render(ctx, params) {
    return renderPage(ctx, await ctx.services.pages.getPublishedBySlug(langParam(params), slugParam(params)));
  },
};

/** A page, for the public route and for previews in the workspace. */
export async function renderPage(ctx: SiteContext, p: Page): Promise<Rendered> {
  const lang = p.lang;
  const t = translator(lang);
  const translation = await ctx.services.pages.translationOf(p, otherLang(lang));
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
    },
    <StaticPage view={{ title: p.title, body: p.body }} />,
  );
  return { body, deps: [dep.about(lang), dep.page(p.id), dep.translation('page', p.id)] };
}

export const siteRoutes: readonly SiteRoute[] = [home, directory, institution, newsIndex, newsPage, article, staticPage];

export function renderNotFound(ctx: SiteContext, lang: Lang, path: string, gone = false): Promise<string> {
  const t = translator(lang);
  return renderDocument(ctx, t, { title: gone ? t.m.goneTitle : t.m.notFoundTitle, path, paths: {}, section: 'none', noCanonical: true }, <NotFoundPage t={t} gone={gone} />);
}

export function renderServerError(ctx: SiteContext, lang: Lang, path: string): Promise<string> {
  const t = translator(lang);
  return renderDocument(ctx, t, { title: t.m.errorTitle, path, paths: {}, section: 'none', noCanonical: true }, <ErrorPage t={t} />);
}

// Lists of news, a page of ten at a time: the language's, each channel's and each institution's,
// with what the sitemap says of each page.
import type { Article, ArticleIndexRow, NewsFilter } from '../news/index.js';
import { excerpt } from '../richtext/index.js';
import { notFound } from '../shared/errors.js';
import { LANGS, otherLang, type Lang } from '../shared/lang.js';
import { urls } from '../shared/urls.js';
import type { Channel } from '../taxonomy/index.js';
import { renderDocument } from './document.js';
import { translator } from './i18n.js';
import { feedLinks, feedTitle, type FeedLink } from './meta.js';
import { channelParam, langParam, laterPageParam, slugParam } from './params.js';
import type { Rendered, SiteContext, SiteRoute } from './routes.js';
import { newest, type SitemapEntry } from './sitemap.js';
import { dep, list, type ListName, type SiteState } from './state.js';
import type { Crumb, Section } from './views/layout.js';
import { NewsIndexPage } from './views/news.js';
import type { NewsIndexView, NewsItem } from './views/view-models.js';

export const NEWS_PER_PAGE = 10;

/** An HTML route's addresses, and what the sitemap says of them, from one function of the state. */
export const listed = (entries: (state: SiteState) => SitemapEntry[]) => ({
  list: (_ctx: SiteContext, state: SiteState) => entries(state).map((e) => e.path),
  sitemap: (_ctx: SiteContext, state: SiteState) => entries(state),
});

export const both = (path: (lang: Lang) => string) => ({ zh: path('zh'), en: path('en') });

export function newsItem(a: Article): NewsItem {
  return { title: a.title, href: urls.article(a.lang, a.slug), publishedAt: a.publishedAt, excerpt: a.summary ?? excerpt(a.body) };
}
export const channelName = (c: Channel, lang: Lang) => (lang === 'zh' ? c.nameZh : c.nameEn);

/** Which pages of a list a route serves: page 1 lives at the list's own address, the others under page/N/. */
type Pages = 'first' | 'later';

/** A list's pages, for the sitemap: each dated by the newest article it shows; only page 1 has translations. */
function listEntries(rows: readonly ArticleIndexRow[], href: (page: number) => string, pages: Pages, alternates: Partial<Record<Lang, string>> = {}): SitemapEntry[] {
  const count = Math.max(1, Math.ceil(rows.length / NEWS_PER_PAGE));
  const numbers = pages === 'first' ? [1] : Array.from({ length: count - 1 }, (_, i) => i + 2);
  return numbers.map((p) => ({ path: href(p), lastmod: newest(rows.slice((p - 1) * NEWS_PER_PAGE, p * NEWS_PER_PAGE)), alternates: p === 1 ? alternates : {} }));
}

/** One page of a list of news: the language's, a channel's, or an institution's. */
interface ArticleList {
  lang: Lang;
  list: ListName;
  /** Absent for the language's whole news. */
  filter?: NewsFilter;
  page: number;
  title: string;
  href: (page: number) => string;
  /** Page 1's address in each language that has the list. */
  paths: Partial<Record<Lang, string>>;
  /** Where the language switch goes from a page without a translation; the other home when absent. */
  fallbackSwitch?: string;
  section: Section;
  crumbs: Crumb[];
  column?: string;
  channels: NewsIndexView['channels'];
  feeds: NewsIndexView['feeds'];
  /** The list's own feeds, announced in the head besides the language's. */
  headFeeds?: FeedLink[];
  /** An institution's list exists only while it has articles. */
  isEmptyMissing?: boolean;
  /** What else the page shows (channel names, the institution's name). */
  deps: string[];
}

/**
 * A window of a list of news, newest first. With the site's state, which knows every list's order,
 * only the articles shown are read (no counting, no sorting); without it, the store is asked.
 */
export async function newsWindow(ctx: SiteContext, l: { lang: Lang; list: ListName; filter?: NewsFilter }, req: { offset: number; limit: number }, state?: SiteState) {
  if (state) {
    const all = state.listOf(l.list);
    return { items: await ctx.services.news.publishedByIds(all.slice(req.offset, req.offset + req.limit).map((a) => a.id)), total: all.length };
  }
  return l.filter ? ctx.services.news.listPublishedIn(l.lang, req, l.filter) : ctx.services.news.listPublished(l.lang, req);
}

async function renderArticleList(ctx: SiteContext, l: ArticleList, state: SiteState | undefined): Promise<Rendered> {
  const t = translator(l.lang);
  const req = { offset: (l.page - 1) * NEWS_PER_PAGE, limit: NEWS_PER_PAGE };
  const result = await newsWindow(ctx, l, req, state);
  const pages = Math.max(1, Math.ceil(result.total / NEWS_PER_PAGE));
  if (l.page > pages || (l.isEmptyMissing && result.total === 0)) throw notFound('NEWS_PAGE_NOT_FOUND', `News page ${l.page} does not exist`);
  const view: NewsIndexView = { title: l.title, items: result.items.map(newsItem), page: l.page, pages, pageHref: l.href, channels: l.channels, feeds: l.feeds };
  const body = await renderDocument(
    ctx,
    t,
    {
      title: l.page > 1 ? `${l.title} · ${t.m.pageOf(l.page, pages)}` : l.title,
      path: l.href(l.page),
      paths: l.page === 1 ? l.paths : { [l.lang]: l.href(l.page) },
      fallbackSwitch: l.fallbackSwitch,
      section: l.section,
      crumbs: l.crumbs,
      column: l.column,
      feeds: l.headFeeds,
      state,
    },
    <NewsIndexPage t={t} view={view} />,
  );
  return {
    body,
    deps: [dep.about(l.lang), dep.count(l.list), dep.window(l.list, req.offset, NEWS_PER_PAGE), ...result.items.map((a) => dep.article(a.id)), ...l.deps],
  };
}

/** The channel links above a news list (shown when there is more than one channel). */
async function channelLinks(ctx: SiteContext, lang: Lang, current: number | null): Promise<NewsIndexView['channels']> {
  const t = translator(lang);
  const channels = await ctx.services.taxonomy.channels();
  if (channels.length < 2) return [];
  return [
    { title: t.m.allNews, href: urls.newsIndex(lang), isCurrent: current === null },
    ...channels.map((c) => ({ title: channelName(c, lang), href: urls.channel(lang, c.slug), isCurrent: c.id === current })),
  ];
}

async function renderNewsIndex(ctx: SiteContext, lang: Lang, page: number, state?: SiteState): Promise<Rendered> {
  const t = translator(lang);
  return renderArticleList(ctx, {
    lang,
    list: list.news(lang),
    page,
    title: t.m.newsTitle,
    href: (p) => urls.newsIndex(lang, p),
    paths: both((l) => urls.newsIndex(l)),
    fallbackSwitch: urls.newsIndex(otherLang(lang)),
    section: 'news',
    crumbs: [{ label: t.m.newsTitle }],
    channels: await channelLinks(ctx, lang, null),
    feeds: { rss: urls.feed(lang, 'rss'), atom: urls.feed(lang, 'atom') },
    deps: [dep.channels()],
  }, state);
}

const newsIndex: SiteRoute = {
  id: 'news-index',
  pattern: '/:lang/news/',
  ...listed((state) => LANGS.flatMap((lang) => listEntries(state.listOf(list.news(lang)), (p) => urls.newsIndex(lang, p), 'first', both((l) => urls.newsIndex(l))))),
  render: (ctx, params, state) => renderNewsIndex(ctx, langParam(params), 1, state),
};

const newsPage: SiteRoute = {
  id: 'news-page',
  pattern: '/:lang/news/page/:page/',
  ...listed((state) => LANGS.flatMap((lang) => listEntries(state.listOf(list.news(lang)), (p) => urls.newsIndex(lang, p), 'later'))),
  render: (ctx, params, state) => renderNewsIndex(ctx, langParam(params), laterPageParam(params), state),
};

async function renderChannel(ctx: SiteContext, params: Record<string, string>, page: number, state?: SiteState): Promise<Rendered> {
  const lang = langParam(params);
  const t = translator(lang);
  const channel = await channelParam(ctx.services, params);
  const name = channelName(channel, lang);
  return renderArticleList(ctx, {
    lang,
    list: list.channel(lang, channel.id),
    filter: { channelId: channel.id },
    page,
    title: name,
    href: (p) => urls.channel(lang, channel.slug, p),
    paths: both((l) => urls.channel(l, channel.slug)),
    fallbackSwitch: urls.channel(otherLang(lang), channel.slug),
    section: 'news',
    crumbs: [{ label: t.m.newsTitle, href: urls.newsIndex(lang) }, { label: name }],
    column: name,
    channels: await channelLinks(ctx, lang, channel.id),
    feeds: { rss: urls.channelFeed(lang, channel.slug, 'rss'), atom: urls.channelFeed(lang, channel.slug, 'atom') },
    headFeeds: feedLinks(feedTitle(t, name), (format) => `${ctx.baseUrl}${urls.channelFeed(lang, channel.slug, format)}`),
    deps: [dep.channels()],
  }, state);
}

const channelEntries = (state: SiteState, pages: Pages) =>
  LANGS.flatMap((lang) =>
    state.data.channels.flatMap((c) => listEntries(state.listOf(list.channel(lang, c.id)), (p) => urls.channel(lang, c.slug, p), pages, both((l) => urls.channel(l, c.slug)))),
  );

const channelIndex: SiteRoute = {
  id: 'channel',
  pattern: '/:lang/news/channel/:channel/',
  ...listed((state) => channelEntries(state, 'first')),
  render: (ctx, params, state) => renderChannel(ctx, params, 1, state),
};

const channelPage: SiteRoute = {
  id: 'channel-page',
  pattern: '/:lang/news/channel/:channel/page/:page/',
  ...listed((state) => channelEntries(state, 'later')),
  render: (ctx, params, state) => renderChannel(ctx, params, laterPageParam(params), state),
};

async function renderInstitutionNews(ctx: SiteContext, params: Record<string, string>, page: number, state?: SiteState): Promise<Rendered> {
  const lang = langParam(params);
  const t = translator(lang);
  const item = await ctx.services.institutions.getBySlug(lang, slugParam(params));
  const other = otherLang(lang);
  const translation = state ? state.translationOf('institution', item.id) : await ctx.services.institutions.translationOf(item, other);
  // The switch goes to the translation's news, or to its profile while it has none.
  const translatedList = translation && list.institution(other, translation.id);
  const translationHasNews = translatedList
    ? (state ? state.listOf(translatedList).length : (await ctx.services.news.listPublishedIn(other, { offset: 0, limit: 1 }, { institutionId: translation.id })).total) > 0
    : false;
  return renderArticleList(ctx, {
    lang,
    list: list.institution(lang, item.id),
    filter: { institutionId: item.id },
    page,
    title: t.m.newsAbout(item.name),
    href: (p) => urls.institutionNews(lang, item.slug, p),
    paths: { [lang]: urls.institutionNews(lang, item.slug), ...(translation && translationHasNews ? { [other]: urls.institutionNews(other, translation.slug) } : {}) },
    fallbackSwitch: translation && urls.institution(other, translation.slug),
    section: 'institutions',
    crumbs: [{ label: t.m.institutionsTitle, href: urls.institutions(lang) }, { label: item.name, href: urls.institution(lang, item.slug) }, { label: t.m.newsTitle }],
    channels: [],
    feeds: null,
    isEmptyMissing: true,
    deps: [dep.institution(item.id), dep.translation('institution', item.id), ...(translatedList ? [dep.count(translatedList)] : [])],
  }, state);
}

/** Institutions with at least one article have a list of them. */
const institutionNewsEntries = (state: SiteState, pages: Pages) =>
  state.data.institutions.flatMap((i) => {
    const rows = state.listOf(list.institution(i.lang, i.id));
    if (rows.length === 0) return [];
    const translation = state.translationOf('institution', i.id);
    const alternates = translation && state.listOf(list.institution(translation.lang, translation.id)).length > 0
      ? { [i.lang]: urls.institutionNews(i.lang, i.slug), [translation.lang]: urls.institutionNews(translation.lang, translation.slug) }
      : {};
    return listEntries(rows, (p) => urls.institutionNews(i.lang, i.slug, p), pages, alternates);
  });

const institutionNews: SiteRoute = {
  id: 'institution-news',
  pattern: '/:lang/institutions/:slug/news/',
  ...listed((state) => institutionNewsEntries(state, 'first')),
  render: (ctx, params, state) => renderInstitutionNews(ctx, params, 1, state),
};

const institutionNewsPage: SiteRoute = {
  id: 'institution-news-page',
  pattern: '/:lang/institutions/:slug/news/page/:page/',
  ...listed((state) => institutionNewsEntries(state, 'later')),
  render: (ctx, params, state) => renderInstitutionNews(ctx, params, laterPageParam(params), state),
};

/** The news lists' routes, in the order the sitemap lists them. */
export const listRoutes: SiteRoute[] = [institutionNews, institutionNewsPage, newsIndex, newsPage, channelIndex, channelPage];

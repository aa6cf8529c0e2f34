// RSS 2.0 and Atom 1.0 feeds of each language's news and of each channel: the newest articles,
// with absolute addresses. The dates are the articles' own (never "now"), so a feed's bytes change
// only when one of its articles does, and readers, the page cache and the export agree.
import type { Article } from '../news/index.js';
import { excerpt } from '../richtext/index.js';
import { LANGS, type Lang } from '../shared/lang.js';
import { feedFile, urls, type FeedFormat } from '../shared/urls.js';
import { translator } from './i18n.js';
import { feedTitle, htmlLang } from './meta.js';
import { channelParam, langParam } from './params.js';
import type { Rendered, SiteContext, SiteRoute } from './routes.js';
import { channelName } from './lists.js';
import { changedAt } from './sitemap.js';
import { dep, list } from './state.js';
import { element, XML_DECLARATION, xmlText } from './xml.js';

/** How many of the newest articles a feed carries. */
export const FEED_ITEMS = 20;
export const FEED_TYPES: Record<FeedFormat, string> = { rss: 'application/rss+xml; charset=utf-8', atom: 'application/atom+xml; charset=utf-8' };
/** What an empty feed gives as its last change: any fixed date would do, the current time would not. */
const NEVER = '1970-01-01T00:00:00.000Z';

interface FeedEntry {
  title: string;
  url: string;
  summary: string;
  publishedAt: string | null;
  updated: string;
}

interface FeedView {
  lang: Lang;
  title: string;
  description: string;
  /** Absolute addresses of the list the feed follows and of the feed itself. */
  page: string;
  self: string;
  entries: FeedEntry[];
}

/** Plain text as HTML (an RSS description is HTML, and readers render it). */
const asHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const rfc822 = (iso: string) => new Date(iso).toUTCString();

function rss(f: FeedView, updated: string | null): string {
  const lines = [
    XML_DECLARATION,
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    element('title', f.title),
    element('link', f.page),
    element('description', f.description),
    element('language', htmlLang(f.lang)),
    ...(updated ? [element('lastBuildDate', rfc822(updated))] : []),
    `<atom:link href="${xmlText(f.self)}" rel="self" type="application/rss+xml"/>`,
  ];
  for (const e of f.entries) {
    lines.push(
      '<item>',
      element('title', e.title),
      element('link', e.url),
      `<guid isPermaLink="true">${xmlText(e.url)}</guid>`,
      ...(e.publishedAt ? [element('pubDate', rfc822(e.publishedAt))] : []),
      element('description', asHtml(e.summary)),
      '</item>',
    );
  }
  lines.push('</channel>', '</rss>', '');
  return lines.join('\n');
}

function atom(f: FeedView, updated: string | null): string {
  const lines = [
    XML_DECLARATION,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${htmlLang(f.lang)}">`,
    element('id', f.self),
    `<title type="text">${xmlText(f.title)}</title>`,
    `<subtitle type="text">${xmlText(f.description)}</subtitle>`,
    `<link rel="alternate" type="text/html" href="${xmlText(f.page)}"/>`,
    `<link rel="self" type="application/atom+xml" href="${xmlText(f.self)}"/>`,
    element('updated', updated ?? NEVER),
    // Atom asks for an author; the entries have none of their own.
    `<author>${element('name', translator(f.lang).m.siteName)}</author>`,
  ];
  for (const e of f.entries) {
    lines.push(
      '<entry>',
      element('id', e.url),
      `<title type="text">${xmlText(e.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${xmlText(e.url)}"/>`,
      ...(e.publishedAt ? [element('published', e.publishedAt)] : []),
      element('updated', e.updated),
      `<summary type="text">${xmlText(e.summary)}</summary>`,
      '</entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

function write(format: FeedFormat, view: FeedView): string {
  const updated = view.entries.map((e) => e.updated).reduce<string | null>((a, b) => (a === null || b > a ? b : a), null);
  return format === 'rss' ? rss(view, updated) : atom(view, updated);
}

const entry = (ctx: SiteContext, a: Article): FeedEntry => ({
  title: a.title,
  url: `${ctx.baseUrl}${urls.article(a.lang, a.slug)}`,
  summary: a.summary ?? excerpt(a.body),
  publishedAt: a.publishedAt,
  updated: changedAt(a),
});

async function languageFeed(ctx: SiteContext, lang: Lang, format: FeedFormat): Promise<Rendered> {
  const t = translator(lang);
  const news = await ctx.services.news.listPublished(lang, { offset: 0, limit: FEED_ITEMS });
  const view: FeedView = {
    lang,
    title: feedTitle(t, t.m.newsTitle),
    description: t.m.siteDescription,
    page: `${ctx.baseUrl}${urls.newsIndex(lang)}`,
    self: `${ctx.baseUrl}${urls.feed(lang, format)}`,
    entries: news.items.map((a) => entry(ctx, a)),
  };
  return { body: write(format, view), deps: [dep.window(list.news(lang), 0, FEED_ITEMS), ...news.items.map((a) => dep.article(a.id))] };
}

async function channelFeed(ctx: SiteContext, lang: Lang, params: Record<string, string>, format: FeedFormat): Promise<Rendered> {
  const t = translator(lang);
  const channel = await channelParam(ctx.services, params);
  const name = channelName(channel, lang);
  const news = await ctx.services.news.listPublishedIn(lang, { offset: 0, limit: FEED_ITEMS }, { channelId: channel.id });
  const view: FeedView = {
    lang,
    title: feedTitle(t, name),
    description: t.m.siteDescription,
    page: `${ctx.baseUrl}${urls.channel(lang, channel.slug)}`,
    self: `${ctx.baseUrl}${urls.channelFeed(lang, channel.slug, format)}`,
    entries: news.items.map((a) => entry(ctx, a)),
  };
  return {
    body: write(format, view),
    deps: [dep.channels(), dep.window(list.channel(lang, channel.id), 0, FEED_ITEMS), ...news.items.map((a) => dep.article(a.id))],
  };
}

export const feedRoutes: SiteRoute[] = (['rss', 'atom'] as const).flatMap((format): SiteRoute[] => [
  {
    id: `feed-${format}`,
    pattern: `/:lang/${feedFile(format)}`,
    type: FEED_TYPES[format],
    list: () => LANGS.map((l) => urls.feed(l, format)),
    render: (ctx, params) => languageFeed(ctx, langParam(params), format),
  },
  {
    id: `channel-feed-${format}`,
    pattern: `/:lang/news/channel/:channel/${feedFile(format)}`,
    type: FEED_TYPES[format],
    list: (_ctx, state) => LANGS.flatMap((l) => state.data.channels.map((c) => urls.channelFeed(l, c.slug, format))),
    render: (ctx, params) => channelFeed(ctx, langParam(params), params, format),
  },
]);

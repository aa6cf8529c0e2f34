// Public addresses of content. The route table serves exactly these shapes; everything that
// prints a link (views, API, importer redirects, sitemaps) builds it here.
import type { Lang } from './lang.js';

export type FeedFormat = 'rss' | 'atom';
export const feedFile = (format: FeedFormat) => (format === 'rss' ? 'feed.xml' : 'atom.xml');
/** The id of the home page's notice that the page a visitor switched from has no translation. */
export const UNTRANSLATED_ID = 'no-translation';
/** Page 1 of a list lives at its base address only, so each listing has one address. */
const paged = (base: string, page: number) => (page > 1 ? `${base}page/${page}/` : base);

export const urls = {
  home: (lang: Lang) => `/${lang}/`,
  /** The home page showing its "the page you came from has no translation" notice (CSS :target). */
  homeUntranslated: (lang: Lang) => `/${lang}/#${UNTRANSLATED_ID}`,
  newsIndex: (lang: Lang, page = 1) => paged(`/${lang}/news/`, page),
  article: (lang: Lang, slug: string) => `/${lang}/news/${slug}`,
  channel: (lang: Lang, channel: string, page = 1) => paged(`/${lang}/news/channel/${channel}/`, page),
  institutions: (lang: Lang) => `/${lang}/institutions/`,
  institution: (lang: Lang, slug: string) => `/${lang}/institutions/${slug}`,
  institutionNews: (lang: Lang, slug: string, page = 1) => paged(`/${lang}/institutions/${slug}/news/`, page),
  page: (lang: Lang, slug: string) => `/${lang}/${slug}`,
  search: (lang: Lang) => `/${lang}/search`,
  searchIndex: (lang: Lang) => `/${lang}/search-index.json`,
  searchFold: (lang: Lang) => `/${lang}/search-fold.json`,
  searchSuggestions: () => '/api/v1/search/suggestions',
  feed: (lang: Lang, format: FeedFormat) => `/${lang}/${feedFile(format)}`,
  channelFeed: (lang: Lang, channel: string, format: FeedFormat) => `/${lang}/news/channel/${channel}/${feedFile(format)}`,
  sitemap: () => '/sitemap.xml',
  /** One part of a sitemap too long for one file. */
  sitemapPart: (n: number) => `/sitemaps/${n}.xml`,
  robots: () => '/robots.txt',
};

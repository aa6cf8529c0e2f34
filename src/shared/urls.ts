// Public addresses of content. The route table serves exactly these shapes; everything that
// prints a link (views, API, importer redirects, sitemaps) builds it here.
import type { Lang } from './lang.js';

export const urls = {
  home: (lang: Lang) => `/${lang}/`,
  newsIndex: (lang: Lang, page = 1) => (page > 1 ? `/${lang}/news/page/${page}/` : `/${lang}/news/`),
  article: (lang: Lang, slug: string) => `/${lang}/news/${slug}`,
  institutions: (lang: Lang) => `/${lang}/institutions/`,
  institution: (lang: Lang, slug: string) => `/${lang}/institutions/${slug}`,
  page: (lang: Lang, slug: string) => `/${lang}/${slug}`,
  search: (lang: Lang) => `/${lang}/search`,
  searchIndex: (lang: Lang) => `/${lang}/search-index.json`,
};

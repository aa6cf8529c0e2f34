// What a page tells machines about itself: Open Graph for link previews, JSON-LD for search
// engines, feed links for readers and, when the site is registered as a government site, the page
// metadata and record numbers Chinese government websites carry. Built from the page's own facts
// (nothing here queries), so a page's dependencies stay those of its content.
import type { PublishingSettings } from '../config/index.js';
import { isoToBeijingLocal } from '../shared/clock.js';
import { langTag, type Lang } from '../shared/lang.js';
import { urls, type FeedFormat } from '../shared/urls.js';
import type { Translator } from './i18n.js';
import type { Crumb, Section } from './views/layout.js';

export interface ArticleFacts {
  /** The article's own title (the page title may be its SEO title). */
  title: string;
  publishedAt: string | null;
  updatedAt: string;
  /** Its first library image: absolute URL of the rendition pages show, and its alt text. */
  image: { url: string; alt: string } | null;
  /** Where the text came from, as the old site named it (imported articles). */
  source: string | null;
}

export interface PageFacts {
  t: Translator;
  baseUrl: string;
  /** The page's own title; null on the home page. */
  title: string | null;
  description: string;
  canonical: string | null;
  /** The languages the page exists in, its own included. */
  langs: Lang[];
  section: Section;
  /** The column (channel) the page belongs to, when finer than its section. */
  column?: string;
  crumbs?: Crumb[];
  article?: ArticleFacts;
  publishing?: PublishingSettings;
}

export interface HeadMeta {
  /** `<meta property>` pairs: Open Graph. */
  properties: [string, string][];
  /** `<meta name>` pairs: the government-site metadata, when configured. */
  names: [string, string][];
  /** Structured data, one `<script type="application/ld+json">` each. */
  jsonLd: Record<string, unknown>[];
}

export interface FeedLink {
  type: 'application/rss+xml' | 'application/atom+xml';
  title: string;
  href: string;
}

/** The footer's record numbers, each linked to the registry where a visitor can check it. */
export interface RecordLinks {
  icp?: { text: string; href: string };
  psb?: { text: string; href: string };
}

const OG_LOCALE: Record<Lang, string> = { zh: 'zh_CN', en: 'en_US' };
export const htmlLang = langTag;

function sectionName(t: Translator, section: Section, title: string | null): string {
  switch (section) {
    case 'home':
      return t.m.navHome;
    case 'about':
      return t.m.navAbout;
    case 'institutions':
      return t.m.navInstitutions;
    case 'news':
      return t.m.navNews;
    case 'search':
      return t.m.searchTitle;
    case 'none':
      return title ?? t.m.siteName;
  }
}

export function headMeta(p: PageFacts): HeadMeta {
  const { t, article } = p;
  const home = `${p.baseUrl}${urls.home(t.lang)}`;
  const properties: [string, string][] = [
    ['og:type', article ? 'article' : 'website'],
    ['og:title', p.title ?? t.m.siteName],
    ['og:description', p.description],
    ...(p.canonical ? [['og:url', p.canonical] as [string, string]] : []),
    ['og:site_name', t.m.siteName],
    ['og:locale', OG_LOCALE[t.lang]],
    ...p.langs.filter((l) => l !== t.lang).map((l) => ['og:locale:alternate', OG_LOCALE[l]] as [string, string]),
  ];
  if (article?.image) properties.push(['og:image', article.image.url], ['og:image:alt', article.image.alt]);
  if (article?.publishedAt) properties.push(['article:published_time', article.publishedAt]);
  if (article) properties.push(['article:modified_time', article.updatedAt]);

  const organization = { '@type': 'Organization', '@id': `${p.baseUrl}/#organization`, name: t.m.siteName, alternateName: t.m.siteShortName, url: home };
  const jsonLd: Record<string, unknown>[] = [{ '@context': 'https://schema.org', ...organization }];
  if (p.crumbs?.length) {
    const trail = [{ label: t.m.navHome, href: urls.home(t.lang) }, ...p.crumbs];
    jsonLd.push({
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: trail.map((c, i) => ({
        '@type': 'ListItem',
        position: i + 1,
        name: c.label,
        // The last crumb is this page.
        ...(c.href ? { item: `${p.baseUrl}${c.href}` } : p.canonical ? { item: p.canonical } : {}),
      })),
    });
  }
  if (article) {
    jsonLd.push({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title,
      description: p.description,
      inLanguage: htmlLang(t.lang),
      ...(p.canonical ? { mainEntityOfPage: p.canonical, url: p.canonical } : {}),
      ...(article.publishedAt ? { datePublished: article.publishedAt } : {}),
      dateModified: article.updatedAt,
      ...(article.image ? { image: [article.image.url] } : {}),
      publisher: organization,
    });
  }

  const names: [string, string][] = [];
  const code = p.publishing?.siteIdCode;
  if (code) {
    names.push(
      ['SiteName', t.m.siteName],
      ['SiteDomain', new URL(p.baseUrl).host],
      ['SiteIDCode', code],
      ['ColumnName', p.column ?? sectionName(t, p.section, p.title)],
    );
    if (article) {
      names.push(['ArticleTitle', article.title]);
      if (article.publishedAt) names.push(['PubDate', isoToBeijingLocal(article.publishedAt)]);
      names.push(['ContentSource', article.source ?? t.m.siteName]);
    }
  }
  return { properties, names, jsonLd };
}

/** A feed's title: the site's name and the list's. */
export const feedTitle = (t: Translator, list: string) => `${t.m.siteName} · ${list}`;

/** A list's two feeds, for `<link rel="alternate">` in the head. */
export function feedLinks(title: string, href: (format: FeedFormat) => string): FeedLink[] {
  return [
    { type: 'application/rss+xml', title: `${title} (RSS)`, href: href('rss') },
    { type: 'application/atom+xml', title: `${title} (Atom)`, href: href('atom') },
  ];
}

export function recordLinks(publishing: PublishingSettings | undefined): RecordLinks {
  const out: RecordLinks = {};
  if (publishing?.icp) out.icp = { text: publishing.icp, href: 'https://beian.miit.gov.cn/' };
  // The public-security registry looks a site up by the digits of its record number.
  const psbCode = publishing?.psb?.match(/\d{6,}/)?.[0];
  if (publishing?.psb && psbCode) out.psb = { text: publishing.psb, href: `https://beian.mps.gov.cn/#/query/webSearch?code=${psbCode}` };
  return out;
}

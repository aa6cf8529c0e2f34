// What views receive: plain data, already resolved to links. Views never query.
import type { ImageRenditions } from './rich-text.js';
import type { RichTextDoc } from '../../richtext/index.js';

export interface Link {
  title: string;
  /** null when the target is not on the site (shown as plain text). */
  href: string | null;
}

export interface NewsItem {
  title: string;
  href: string;
  publishedAt: string | null;
  excerpt: string;
}

export interface DirectoryItem {
  number: number;
  name: string;
  href: string | null;
  anchor: string;
}

export interface HomeView {
  about: { title: string; summary: string; href: string } | null;
  news: NewsItem[];
  institutions: DirectoryItem[];
}

export interface InstitutionView {
  number: number;
  name: string;
  profile: RichTextDoc | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  externalUrl: string | null;
  /** The newest articles about the institution, and where the rest are when there are more. */
  news: NewsItem[];
  moreNewsHref: string | null;
}

export interface NewsIndexView {
  title: string;
  items: NewsItem[];
  page: number;
  pages: number;
  pageHref: (page: number) => string;
  /** The channels, linked; `isCurrent` marks the one shown. */
  channels: (Link & { href: string; isCurrent: boolean })[];
  /** This list's feeds, when it has them. */
  feeds: { rss: string; atom: string } | null;
}

export interface ArticleView {
  title: string;
  publishedAt: string | null;
  body: RichTextDoc;
  /** The institutions the article is about, linked to their profiles. */
  institutions: { name: string; href: string }[];
  /** The library images the body shows, looked up by the loader. */
  images: ImageRenditions;
  previous: Link | null;
  next: Link | null;
}

export interface StaticPageView {
  title: string;
  body: RichTextDoc;
}

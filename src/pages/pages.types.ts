import type { RichTextDoc } from '../richtext/index.js';
import type { Lang } from '../shared/lang.js';

export type PageStatus = 'draft' | 'published';

export interface Page {
  id: number;
  lang: Lang;
  slug: string;
  title: string;
  summary: string | null;
  body: RichTextDoc;
  status: PageStatus;
  position: number;
  translationGroup: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface PageInput {
  lang: Lang;
  slug?: string;
  title: string;
  summary?: string | null;
  body: RichTextDoc;
  status: PageStatus;
  position?: number;
}

/** First path segments the site uses itself; a page may not take them as its slug. */
export const RESERVED_PAGE_SLUGS = new Set(['news', 'institutions', 'search', 'feed.xml', 'api', 'admin', 'assets', 'page']);

import type { RichTextDoc } from '../richtext/index.js';
import type { Lang } from '../shared/lang.js';
import type { ContentRevision, ContentStatus } from '../workflow/index.js';

export type PageStatus = ContentStatus;

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
  authorId: number | null;
  /** When it was (or, scheduled, will be) published; null for pages that predate the workflow. */
  publishedAt: string | null;
  unpublishAt: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** When its words last changed (a save that changed them; not a change of status). */
  contentChangedAt: string;
}

export interface PageInput {
  lang: Lang;
  slug?: string;
  title: string;
  summary?: string | null;
  body: RichTextDoc;
  status: PageStatus;
  position?: number;
  publishedAt?: string | null;
  authorId?: number | null;
}

export type PageRevision = ContentRevision<{ position: number }>;

/** First path segments the site uses itself; a page may not take them as its slug. */
export const RESERVED_PAGE_SLUGS = new Set(['news', 'institutions', 'search', 'feed.xml', 'api', 'admin', 'assets', 'page']);

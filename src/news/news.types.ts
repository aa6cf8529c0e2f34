import type { RichTextDoc } from '../richtext/index.js';
import type { Lang } from '../shared/lang.js';
import { CONTENT_STATUSES, type ContentStatus } from '../workflow/index.js';

export const ARTICLE_STATUSES = CONTENT_STATUSES;
export type ArticleStatus = ContentStatus;

export interface Article {
  id: number;
  lang: Lang;
  slug: string;
  title: string;
  summary: string | null;
  body: RichTextDoc;
  status: ArticleStatus;
  channelId: number | null;
  /** ISO instant; null when unknown (imported items whose old page gave no date). */
  publishedAt: string | null;
  translationGroup: number | null;
  legacyKey: string | null;
  legacyId: string | null;
  legacyUrl: string | null;
  legacySource: string | null;
  /** The neighbour titles the old page named, kept as they were. */
  legacyPrevTitle: string | null;
  legacyNextTitle: string | null;
  authorId: number | null;
  /** When a published article is due to be taken down. */
  unpublishAt: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface ArticleInput {
  lang: Lang;
  title: string;
  slug?: string;
  summary?: string | null;
  body: RichTextDoc;
  status: ArticleStatus;
  channelId?: number | null;
  publishedAt: string | null;
  legacyKey?: string | null;
  legacyId?: string | null;
  legacyUrl?: string | null;
  legacySource?: string | null;
  legacyPrevTitle?: string | null;
  legacyNextTitle?: string | null;
  authorId?: number | null;
}

export interface ArticleRevision {
  revision: number;
  title: string;
  slug: string;
  summary: string | null;
  body: RichTextDoc;
  publishedAt: string | null;
  status: ArticleStatus;
  authorId: number | null;
  savedBy: number | null;
  createdAt: string;
}

/** A neighbour as the article page shows it: always a title, a slug when it is in the store. */
export interface NeighbourRef {
  title: string;
  slug: string | null;
}
export interface Neighbours {
  previous: NeighbourRef | null;
  next: NeighbourRef | null;
}

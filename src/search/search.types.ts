import type { Lang } from '../shared/lang.js';

export const SEARCH_TYPES = ['article', 'page', 'institution'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** What the index holds of one item: its visible text, where it lives, and what it can be filtered by. */
export interface SearchDocInput {
  type: SearchType;
  itemId: number;
  lang: Lang;
  title: string;
  /** Plain text, paragraphs on lines of their own. */
  text: string;
  url: string;
  channelId: number | null;
  publishedAt: string | null;
  unpublishAt: string | null;
  updatedAt: string;
}

export interface SearchFilter {
  lang?: Lang;
  type?: SearchType;
  channelId?: number;
  /** Articles about this institution. */
  institutionId?: number;
  /** The year of publication, in Beijing time (articles). */
  year?: number;
}

export interface SearchQuery extends SearchFilter {
  q: string;
  offset: number;
  limit: number;
}

/** [start, end) in UTF-16 code units of the string it marks. */
export type Range = [start: number, end: number];

export interface SearchHit {
  type: SearchType;
  id: number;
  lang: Lang;
  title: string;
  url: string;
  publishedAt: string | null;
  /** Plain text around the best match (never HTML): whoever shows it escapes it. */
  snippet: string;
  /** Where the query's words are in the snippet. */
  highlights: Range[];
  /** Where the query's words are in the title. */
  titleHighlights: Range[];
}

export interface SearchResults {
  items: SearchHit[];
  total: number;
  /** Whether `total` is an estimate (a query of common words: counting every match would cost more than finding the best). */
  approximate: boolean;
  /** When nothing was found: a query that finds something (shorter, or a word spelt as in a title), if there is one. */
  suggestion: string | null;
}

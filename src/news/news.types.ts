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
  /** When its words last changed (a save that changed them; not a change of status). */
  contentChangedAt: string;
  /** For search engines and link previews; the title and summary are used when empty. */
  seoTitle: string | null;
  seoDescription: string | null;
  /** The institutions (of the article's language) the article is about. */
  institutionIds: number[];
  /** Those of them found mentioned in its text on save, which no editor has confirmed yet. */
  foundInstitutionIds: number[];
}

/** An article's link to an institution: chosen (or confirmed) by an editor, or found in its text on save. */
export interface InstitutionLink {
  institutionId: number;
  origin: 'editor' | 'found';
}

/** The fields beside the text that a revision keeps, for comparing revisions (institution ids joined). */
export interface ArticleFields extends Record<string, string | number | null> {
  channelId: number | null;
  institutionIds: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
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
  seoTitle?: string | null;
  seoDescription?: string | null;
  /** The institutions it is about (the demo, imports and tests; the workspace sets them through the workflow). */
  institutionIds?: readonly number[];
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
  /** Absent for revisions saved before these fields were kept. */
  fields?: ArticleFields;
  /** Saved by the editor's autosave (consecutive autosaves by one person make one revision). */
  isAutosave?: boolean;
}

/** Narrows a list of news to one channel or to the articles about one institution. */
export interface NewsFilter {
  channelId?: number;
  institutionId?: number;
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

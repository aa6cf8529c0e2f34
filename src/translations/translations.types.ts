import type { Lang } from '../shared/lang.js';

export type TranslationKind = 'article' | 'page' | 'institution';
export const TRANSLATION_KINDS: readonly TranslationKind[] = ['article', 'page', 'institution'];

/**
 * missing: the item has no version in `target`; outdated: the item is the `target` version and
 * was last changed before its source (the default language's version) was.
 */
export type TranslationIssue = 'missing' | 'outdated';

export interface TranslationTask {
  kind: TranslationKind;
  issue: TranslationIssue;
  id: number;
  lang: Lang;
  title: string;
  updatedAt: string;
  /** The language a translation is wanted in. */
  target: Lang;
  /** For an outdated translation: its source and when that last changed. */
  source: { id: number; title: string; updatedAt: string } | null;
}

export interface TranslationFilter {
  kind?: TranslationKind;
  /** Only work into this language. */
  target?: Lang;
  issue?: TranslationIssue;
}

import type { Lang } from '../shared/lang.js';

export type TranslationKind = 'article' | 'page' | 'institution';
export const TRANSLATION_KINDS: readonly TranslationKind[] = ['article', 'page', 'institution'];

/**
 * missing: the item has no version in `target`; outdated: the item is the `target` version and
 * its words last changed before its source's did. The source is the default language's version
 * (Chinese): an item whose group has none is not outdated but missing its Chinese version, and is
 * listed as such, as is one whose Chinese version was archived.
 */
export type TranslationIssue = 'missing' | 'outdated';

export interface TranslationTask {
  kind: TranslationKind;
  issue: TranslationIssue;
  id: number;
  lang: Lang;
  title: string;
  /** When its words last changed (not its status). */
  changedAt: string;
  /** The language a translation is wanted in. */
  target: Lang;
  /** For an outdated translation: its source and when the source's words last changed. */
  source: { id: number; title: string; changedAt: string } | null;
}

export interface TranslationFilter {
  kind?: TranslationKind;
  /** Only work into this language. */
  target?: Lang;
  issue?: TranslationIssue;
}

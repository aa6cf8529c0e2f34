// Whitespace rules shared by the importer, slugs and search: what counts as "the same text".

// NBSP, narrow NBSP, figure space, the other Unicode spaces, tabs; not the ideographic space,
// which Chinese text uses on purpose inside a line (it is still trimmed at the ends).
const INLINE_SPACE_RUN = /[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\ufeff]+/g;
const EDGE_SPACE = /^[\s\u00a0\u3000\ufeff]+|[\s\u00a0\u3000\ufeff]+$/g;

/** Collapses runs of spaces (including non-breaking ones) to one space and trims the ends. */
export function normaliseInline(text: string): string {
  return text.replace(INLINE_SPACE_RUN, ' ').replace(EDGE_SPACE, '');
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]/u;
const CJK_GLOBAL = new RegExp(CJK.source, 'gu');
const LATIN_GLOBAL = /[A-Za-z]/g;

export const hasCjk = (text: string): boolean => CJK.test(text);

/** Guesses the language of a text: Chinese when CJK characters outnumber Latin letters / 4. */
export function guessLang(text: string): 'zh' | 'en' {
  const cjk = text.match(CJK_GLOBAL)?.length ?? 0;
  const latin = text.match(LATIN_GLOBAL)?.length ?? 0;
  // A Chinese character carries about as much as a short English word.
  return cjk * 4 >= latin && cjk > 0 ? 'zh' : 'en';
}

/** The words of a text, for "no word was lost" checks: letters and digits of any script. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

// Text to search tokens: the one function used to index and to query, so that both sides always
// agree. Chinese is cut into words by Intl.Segmenter (no dictionary to ship) and folded from
// traditional to simplified; English words are stemmed; the result is lower-case words and
// numbers only, which both stores treat as plain space-separated tokens.
import * as OpenCC from 'opencc-js/t2cn';
import { stemmer } from 'stemmer';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /^[a-z]+$/;
/** Anything but letters and digits splits a word: apostrophes, dots, marks ("don't", "3.5"). */
const NOT_WORD = /[^\p{L}\p{N}]+/u;
/**
 * Words of more characters are dropped, at index and at query time: PostgreSQL cuts long lexemes short
 * (and refuses them in a query), so the two stores would no longer find the same documents.
 */
export const MAX_TOKEN_LENGTH = 64;

/**
 * Changed whenever tokenize() would make other tokens of the same text: the index is then built
 * again when the store is opened (see app.ts migrate), so that old entries and new queries agree.
 */
export const TOKENS_VERSION = '1';

/** A word of the text, where it is, and its tokens. */
export interface Word {
  start: number;
  end: number;
  tokens: string[];
}

/** Lower case, compatibility forms and simplified characters: what tokens are made of. */
export function fold(text: string): string {
  return toSimplified(text.normalize('NFKC').toLowerCase());
}

/**
 * The tokens of one word-like piece (already folded). A Chinese word of three characters or more
 * also gives its two-character parts, because the segmenter cuts the same characters differently
 * by context ("北京市" in a sentence, "北京" in a query).
 */
function tokensOfPiece(piece: string): string[] {
  const out: string[] = [];
  for (const part of piece.split(NOT_WORD)) {
    if (!part || (part.length > MAX_TOKEN_LENGTH && [...part].length > MAX_TOKEN_LENGTH)) continue;
    if (LATIN_WORD.test(part)) out.push(stemmer(part));
    else if (HAN.test(part) && [...part].length >= 3) {
      const chars = [...part];
      out.push(part);
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    } else out.push(part);
  }
  return out;
}

/** The text's tokens in order (repeats kept: they count as term frequency). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(fold(text))) if (s.isWordLike) out.push(...tokensOfPiece(s.segment));
  return out;
}

/**
 * The words of a text with their places in it (UTF-16 offsets of the text as given), for
 * highlighting and for suggestions that drop a word of the query.
 */
export function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const s of segmenter.segment(text)) {
    if (!s.isWordLike) continue;
    const tokens = tokenize(s.segment);
    if (tokens.length) words.push({ start: s.index, end: s.index + s.segment.length, tokens });
  }
  return words;
}

/** The distinct tokens of a query, in the order they come. */
export function queryTokens(q: string): string[] {
  return [...new Set(tokenize(q))];
}

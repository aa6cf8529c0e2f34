// Text to search tokens: the functions used to index and to query, side by side, so that both
// sides always agree. Chinese is cut into words by Intl.Segmenter (no dictionary to ship) and
// folded from traditional to simplified; English words are stemmed; the result is lower-case
// words, character pairs and numbers only, which both stores treat as plain space-separated tokens.
import * as OpenCC from 'opencc-js/t2cn';
import { stemmer } from 'stemmer';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
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
export const TOKENS_VERSION = '2';

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

/** The tokens of one word-like piece that is not all Chinese (already folded). */
function tokensOfPiece(piece: string): string[] {
  const out: string[] = [];
  for (const part of piece.split(NOT_WORD)) {
    if (!part || (part.length > MAX_TOKEN_LENGTH && [...part].length > MAX_TOKEN_LENGTH)) continue;
    out.push(LATIN_WORD.test(part) ? stemmer(part) : part);
  }
  return out;
}

const HAN_ONLY = /^\p{Script=Han}+$/u;

/** A word-like segment of a text. */
interface Segment {
  text: string;
  index: number;
}

/**
 * The word-like segments of a text, those of Chinese characters grouped in runs: Chinese words
 * with nothing between them. Any other segment is a run of its own.
 */
function runsOf(text: string): { han: boolean; segments: Segment[] }[] {
  const runs: { han: boolean; segments: Segment[] }[] = [];
  let end = -1;
  for (const s of segmenter.segment(text)) {
    if (!s.isWordLike) continue;
    const han = HAN_ONLY.test(s.segment);
    const last = runs.at(-1);
    if (han && last?.han && end === s.index) last.segments.push({ text: s.segment, index: s.index });
    else runs.push({ han, segments: [{ text: s.segment, index: s.index }] });
    end = s.index + s.segment.length;
  }
  return runs;
}

/*
 * Chinese. The segmenter (ICU's dictionary, as Node ships it) cuts many words apart, and cuts the
 * same characters differently by context: 天文馆 is 天文|馆, 碳中和 碳|中|和, 新能源 新|能源. A
 * query of its words alone would find 天文 in one place and 馆 in any other. So a run of Chinese
 * characters is indexed as every pair of neighbouring characters (天文, 文馆), which does not
 * depend on where the segmenter cut, plus each one-character word as it stands; and a query asks
 * for the pairs of each of its words, a one-character word joined to its neighbour (天文馆 asks
 * for 天文 and 文馆: the characters side by side). Words of the query still count as words:
 * 水质监测 asks for 水质 and 监测, which may stand apart in a text ("监测水质").
 */

/** A run's tokens in a document: its character pairs, and its one-character words. */
function hanTokens(words: readonly string[]): string[] {
  const chars = [...words.join('')];
  const out = words.filter((w) => [...w].length === 1);
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** A run's tokens in a query: each word's character pairs; a one-character word with its neighbour. */
function hanQueryTokens(words: readonly string[]): string[] {
  const chars = [...words.join('')];
  if (chars.length === 1) return [chars[0]!];
  const out: string[] = [];
  let at = 0;
  for (const w of words) {
    const n = [...w].length;
    if (n === 1) out.push(at > 0 ? chars[at - 1]! + chars[at]! : chars[at]! + chars[at + 1]!);
    else for (let i = at; i + 1 < at + n; i++) out.push(chars[i]! + chars[i + 1]!);
    at += n;
  }
  return out;
}

/** The text's tokens (repeats kept: they count as term frequency). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const run of runsOf(fold(text)))
    if (run.han) out.push(...hanTokens(run.segments.map((s) => s.text)));
    else out.push(...tokensOfPiece(run.segments[0]!.text));
  return out;
}

/**
 * The words of a text with their places in it (UTF-16 offsets of the text as given), for
 * highlighting and for suggestions that drop a word of the query. A Chinese word's tokens are
 * the character pairs it is part of, those reaching into its neighbours too (文馆 is of 天文 and
 * of 馆 in 天文馆), and itself when it is one character.
 */
export function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const run of runsOf(text)) {
    if (!run.han) {
      const [s] = run.segments;
      const tokens = tokenize(s!.text);
      if (tokens.length) words.push({ start: s!.index, end: s!.index + s!.text.length, tokens });
      continue;
    }
    const folded = run.segments.map((s) => [...fold(s.text)]);
    const chars = folded.flat();
    let at = 0;
    for (const [k, s] of run.segments.entries()) {
      const n = folded[k]!.length;
      const tokens = n === 1 ? [folded[k]![0]!] : [];
      for (let i = Math.max(0, at - 1); i < at + n && i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
      words.push({ start: s.index, end: s.index + s.text.length, tokens });
      at += n;
    }
  }
  return words;
}

/** The distinct tokens of a query, in the order they come. */
export function queryTokens(q: string): string[] {
  const out: string[] = [];
  for (const run of runsOf(fold(q)))
    if (run.han) out.push(...hanQueryTokens(run.segments.map((s) => s.text)));
    else out.push(...tokensOfPiece(run.segments[0]!.text));
  return [...new Set(out)];
}

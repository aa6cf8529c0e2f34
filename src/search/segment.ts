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
 * The index's version: changed whenever tokenize() would make other tokens of the same text, or
 * the weights of its postings would differ (search.service.ts weightsOf and its constants). The
 * index is then built again when the store is opened (see app.ts migrate), so that old entries and
 * new queries agree.
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

/** Words folded before, for wordsOf: the same few thousand words recur in every text shown, and OpenCC costs more per call than per character. */
const foldedWords = new Map<string, string>();
const FOLDED_WORDS = 20_000;

function foldWord(word: string): string {
  let folded = foldedWords.get(word);
  if (folded === undefined) {
    // Emptied when full: cheaper than keeping an order, and refilled by the words in use.
    if (foldedWords.size >= FOLDED_WORDS) foldedWords.clear();
    folded = fold(word);
    foldedWords.set(word, folded);
  }
  return folded;
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

/** A word-like segment of folded text: where it is in the text it was cut from, and its folded form. */
interface Segment {
  start: number;
  end: number;
  text: string;
}

/** Characters that join words rather than make them: dropped from a query where they stand alone. */
const PARTICLES = new Set('的地得了着过和与及或是在对为把被从向于等也都就将已而并之其'.split(''));
/** Particles never linked to their neighbours: all but 和, which ends 碳中和 and 中和 as often. */
const UNLINKED = new Set([...PARTICLES].filter((c) => c !== '和'));

/** One Han character, which the segmenter leaves alone when it knows no word for it. */
const isSingleHan = (s: Segment) => HAN.test(s.text) && [...s.text].length === 1;

/**
 * The tokens of the segments, one list for each, and the link between each segment and the next:
 * the two characters either side of the cut, when both are Han, nothing lies between them and one
 * side is a single character. The segmenter cuts words it does not know into single characters
 * (碳中和 into 碳/中/和, 冬奥会 into 冬/奥会), and not always the same way in a query and in a
 * sentence; the link keeps such a word's characters together, whatever the cut: a query for
 * 脑机接口 (脑/机/接口) needs 脑机, 机接 and 接口, which a text holds where it says 脑机接口, however
 * it was cut, and not where it only holds the characters apart. Cuts
 * between two words of the segmenter's are trusted: 北京|天文 makes no 京天.
 *
 * `chars`: every Han character of each segment, which the index holds so that a query of one
 * character finds the words that hold it (桥 finds 桥梁). A query asks for a character alone only
 * where it stands alone (no link either side): otherwise its links hold it already.
 *
 * Particles and the like (的, 在, 与 …) are never linked: they stand between words far more often
 * than inside one, and linking them would make a query of several words a phrase.
 */
function analyse(segments: readonly Segment[]): { own: string[]; chars: string[]; link: string | null }[] {
  return segments.map((s, i) => {
    const single = isSingleHan(s);
    const next = segments[i + 1];
    let link: string | null = null;
    if (next && next.start === s.end && (single || isSingleHan(next))) {
      const last = [...s.text].at(-1)!;
      const first = [...next.text][0]!;
      if (HAN.test(last) && HAN.test(first) && !UNLINKED.has(last) && !UNLINKED.has(first)) link = last + first;
    }
    return { own: single ? [] : tokensOfPiece(s.text), chars: [...s.text].filter((c) => HAN.test(c)), link };
  });
}

/** The word-like segments of text already folded. */
function segmentsOf(folded: string): Segment[] {
  const out: Segment[] = [];
  for (const s of segmenter.segment(folded)) if (s.isWordLike) out.push({ start: s.index, end: s.index + s.segment.length, text: s.segment });
  return out;
}

/**
 * The text's tokens in order, as the index holds them (repeats kept: they count as term
 * frequency): each segment's words, its Han characters, and its link to the next; and its length
 * in words, what ranking weighs a match against (the characters and links a Chinese word adds
 * would otherwise make Chinese texts look two or three times as long as English ones).
 */
export function indexTokens(text: string): { tokens: string[]; words: number } {
  const tokens: string[] = [];
  let words = 0;
  for (const a of analyse(segmentsOf(fold(text)))) {
    if (a.own.length || a.chars.length) words++;
    tokens.push(...a.own, ...a.chars);
    if (a.link) tokens.push(a.link);
  }
  return { tokens, words };
}

/** The text's tokens in order, as the index holds them. */
export const tokenize = (text: string): string[] => indexTokens(text).tokens;

/**
 * The distinct tokens a document must hold to match the query, in the order they come: as the
 * index makes them, less the characters of words (a query of 桥梁 wants 桥梁, not 桥 and 梁), but
 * for a Han character standing alone, which is all such a query asks for.
 *
 * The links between single characters are asked for (碳/中/和 needs 碳中). The link between a word
 * and a character beside it is asked for when the character is alone and has a word on one side
 * only (天文/馆, 冬/奥会): it belongs to that word. It is not when the character is wedged between
 * two words (北京/天文/馆/活动: 馆 may go with either), nor for several single characters, which
 * hold together by their own links (发布/碳/中/和 needs 碳中, not 布碳): asking for those would make
 * words typed without a space a phrase. A particle standing alone (的 in 北京的天文馆) is not asked
 * for when the query has other words: a text may say the same without it.
 */
export function queryTokens(q: string): string[] {
  const segments = segmentsOf(fold(q));
  const analysed = analyse(segments);
  const single = segments.map(isSingleHan);
  /** A word of several characters, Han where it touches segment i, right beside it on that side. */
  const wordBeside = (i: number, side: -1 | 1) => {
    const [a, b] = side < 0 ? [segments[i - 1], segments[i]!] : [segments[i]!, segments[i + 1]];
    const other = side < 0 ? a : b;
    return !!a && !!b && !single[i + side] && a.end === b.start && HAN.test([...other!.text].at(side < 0 ? -1 : 0)!);
  };
  // Each single character: whether its link to a word beside it is asked for (alone, not wedged).
  const toWord: boolean[] = [];
  for (let i = 0; i < segments.length; ) {
    if (!single[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < segments.length && single[j + 1] && segments[j + 1]!.start === segments[j]!.end) j++;
    toWord[i] = i === j && !(wordBeside(i, -1) && wordBeside(i, 1));
    i = j + 1;
  }
  const asked = (i: number) => {
    const link = analysed[i]?.link;
    if (!link) return null;
    if (single[i] && single[i + 1]) return link;
    return toWord[single[i] ? i : i + 1] ? link : null;
  };
  const out: string[] = [];
  analysed.forEach((a, i) => {
    out.push(...a.own);
    if (single[i] && !asked(i) && !asked(i - 1)) out.push(...a.chars);
    const link = asked(i);
    if (link) out.push(link);
  });
  const words = out.filter((t) => !PARTICLES.has(t));
  return [...new Set(words.length ? words : out)];
}

/**
 * The words of a text with their places in it (UTF-16 offsets of the text as given), for
 * highlighting and for suggestions that drop a word of the query. A single character's tokens
 * include its links either side: a query of 碳中和 marks 碳, 中 and 和 where the text was cut so.
 */
export function wordsOf(text: string): Word[] {
  const segments: Segment[] = [];
  for (const s of segmenter.segment(text)) if (s.isWordLike) segments.push({ start: s.index, end: s.index + s.segment.length, text: foldWord(s.segment) });
  const analysed = analyse(segments);
  const words: Word[] = [];
  segments.forEach((s, i) => {
    const a = analysed[i]!;
    const tokens = [...a.own, ...a.chars];
    // A link belongs to the single characters it joins, not to a word it touches: dropping 馆 from
    // 天文馆 leaves 天文 alone.
    const before = analysed[i - 1]?.link;
    if (isSingleHan(s)) tokens.push(...(before ? [before] : []), ...(a.link ? [a.link] : []));
    if (tokens.length) words.push({ start: s.start, end: s.end, tokens });
  });
  return words;
}

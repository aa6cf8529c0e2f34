// Search: keeping the index in step with what visitors see, and answering queries. The store only
// finds the documents that hold every word; they are ranked here, by one function, so that SQLite
// and PostgreSQL give the same results in the same order.
import { SITE_TIME_ZONE, type Clock } from '../shared/clock.js';
import type { SearchRepo, Candidate, IndexStats } from './search.repo.js';
import { fold, indexTokens, MAX_TOKEN_LENGTH, queryTokens, tokenize, wordsOf, type Word } from './segment.js';
import type { Range, SearchDocInput, SearchFilter, SearchHit, SearchQuery, SearchResults, SearchType } from './search.types.js';

/** A title word counts as much as this many body words. */
const TITLE_WEIGHT = 3;
// BM25's usual constants.
const K1 = 1.2;
const B = 0.75;
/** Up to 10% more for an article published today, fading over a year or so. */
const FRESHNESS = 0.1;
const FRESHNESS_DAYS = 365;
const DAY_MS = 86_400_000;
/** Words of a query beyond these are ignored (each costs a query of the store). */
const MAX_TOKENS = 16;
/**
 * How many of the matching documents are ranked: the newest this many. A query of common words
 * matches most of a large site; reading and scoring every match took seconds at 100,000 articles.
 * An older document then reaches the first page only if fewer than this many newer ones match.
 */
export const RANKED_CANDIDATES = 1000;
/** A misspelt word is one of at least this many letters, this many edits from a title word (Levenshtein). */
const MIN_TYPO_LENGTH = 4;
const MAX_EDITS = 2;
/** The letters a misspelling is taken to get right, and how many titles that start so are read. */
const TYPO_PREFIX = 2;
const SUGGESTION_TITLES = 500;
/** Parts of a Chinese word tried at most (one query each). */
const MAX_PARTS = 8;
const SNIPPET_LENGTH = 160;
/** How much text a snippet shows before its first match. */
const SNIPPET_LEAD = 30;

const yearFormat = new Intl.DateTimeFormat('en', { timeZone: SITE_TIME_ZONE, year: 'numeric' });

function countsOf(tokens: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens.split(' ')) if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** BM25 over the title and body as one field, title words weighted, with a mild freshness boost for articles. */
export function scoreOf(c: Candidate, tokens: readonly string[], idf: ReadonlyMap<string, number>, stats: IndexStats, now: number): number {
  const title = countsOf(c.titleTokens);
  const body = countsOf(c.bodyTokens);
  const length = TITLE_WEIGHT * c.titleLength + c.bodyLength;
  const average = stats.count ? (TITLE_WEIGHT * stats.titleLengths + stats.bodyLengths) / stats.count : 1;
  let score = 0;
  for (const t of tokens) {
    const tf = TITLE_WEIGHT * (title.get(t) ?? 0) + (body.get(t) ?? 0);
    score += (idf.get(t)! * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / (average || 1)));
  }
  if (c.type === 'article' && c.publishedAt) {
    const age = Math.max(0, now - Date.parse(c.publishedAt)) / DAY_MS;
    score *= 1 + FRESHNESS * Math.exp(-age / FRESHNESS_DAYS);
  }
  return score;
}

/** Higher score first; then newer; then by kind and id, so that the order is total. */
function byRank(a: { c: Candidate; score: number }, b: { c: Candidate; score: number }): number {
  if (a.score !== b.score) return b.score - a.score;
  const [pa, pb] = [a.c.publishedAt ?? '', b.c.publishedAt ?? ''];
  if (pa !== pb) return pa < pb ? 1 : -1;
  if (a.c.type !== b.c.type) return a.c.type < b.c.type ? -1 : 1;
  return a.c.itemId - b.c.itemId;
}

/**
 * Levenshtein distance of two words, or more than `max` as soon as it is known to be (then not
 * exact): the words compared are short and few, so a plain table is enough.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...row) > max) return max + 1;
    previous = row;
  }
  return previous[b.length]!;
}

/** Where the tokens are in a text. */
export function matchRanges(text: string, tokens: ReadonlySet<string>): Range[] {
  return wordsOf(text)
    .filter((w) => w.tokens.some((t) => tokens.has(t)))
    .map((w): Range => [w.start, w.end]);
}

/** How much of a long text is folded at a time while looking for the first match. */
const SCAN_CHUNK = 4000;
/** The text around a possible match that is cut into words to check it and place the snippet. */
const WINDOW_BEFORE = 100;
const WINDOW_AFTER = 300;
/** Possible matches checked before giving up and showing the text's start. */
const MAX_WINDOWS = 8;
const LATIN = /^[a-z]+$/;
const HAN = /\p{Script=Han}/u;

/** Not between the two halves of a surrogate pair: the place, or the one before it. */
function whole(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return i > 0 && i < text.length && c >= 0xdc00 && c <= 0xdfff ? i - 1 : i;
}

/**
 * Where a token may be in folded text: a Latin one as a whole word that starts as its stem does
 * (less the last letter: "happi" is the stem of "happy"), any other as it is.
 */
function patternOf(tokens: ReadonlySet<string>): RegExp | null {
  const keys = [...tokens].map((t) => (LATIN.test(t) ? `(?<![a-z0-9])${t.length > 2 ? t.slice(0, -1) : t}[a-z]*(?![a-z0-9])` : t));
  return keys.length ? new RegExp(keys.join('|'), 'g') : null;
}

/**
 * Places in the text where a token may be, in order, folded a chunk at a time (most matches come
 * early). A Latin word found is stemmed here and passed over unless it is a token of the query.
 */
function* candidatesIn(text: string, tokens: ReadonlySet<string>, pattern: RegExp): Generator<number> {
  for (let at = 0; at < text.length; ) {
    const next = whole(text, Math.min(text.length, at + SCAN_CHUNK));
    // Overlapping the next chunk by a token's length, so that no token is cut in two.
    const piece = text.slice(at, whole(text, Math.min(text.length, next + MAX_TOKEN_LENGTH)));
    const folded = fold(piece);
    // Folding keeps lengths but for rare forms (ligatures, some capitals): then the place is near.
    const scale = piece.length / (folded.length || 1);
    for (const m of folded.matchAll(pattern))
      if (!LATIN.test(m[0]) || tokenize(m[0]).some((t) => tokens.has(t))) yield at + Math.round(m.index * scale);
    at = next;
  }
}

/** The words of text[from, to) that hold a token. A word at a cut edge may be part of a longer one: it is not taken. */
function matchesIn(text: string, from: number, to: number, tokens: ReadonlySet<string>): Word[] {
  const part = text.slice(from, to);
  return wordsOf(part)
    .filter((w) => (w.start > 0 || from === 0) && (w.end < part.length || to === text.length) && w.tokens.some((t) => tokens.has(t)))
    .map((w) => ({ ...w, start: w.start + from, end: w.end + from }));
}

/** The matching words around the first match of the text, and the part of the text they were found in. */
function firstMatches(text: string, tokens: ReadonlySet<string>): { words: Word[]; from: number; to: number } | null {
  const pattern = patternOf(tokens);
  if (!pattern) return null;
  const around = (at: number) => {
    const from = whole(text, Math.max(0, at - WINDOW_BEFORE));
    const to = whole(text, Math.min(text.length, at + WINDOW_AFTER));
    return { words: matchesIn(text, from, to, tokens), from, to };
  };
  let checkedTo = 0;
  let windows = 0;
  for (const at of candidatesIn(text, tokens, pattern)) {
    if (at < checkedTo) continue;
    if (++windows > MAX_WINDOWS) break;
    const found = around(at);
    const first = found.words[0];
    // The match found may lie past the candidate, too far on for a snippet to fit: then around it.
    if (first) return first.start - at > WINDOW_AFTER + SNIPPET_LEAD - SNIPPET_LENGTH ? around(first.start) : found;
    checkedTo = found.to - MAX_TOKEN_LENGTH;
  }
  return null;
}

/**
 * The snippet around the first match: the window holding the most of the query's words among
 * those near it (the earliest of equals), with "…" where it was cut and the matches' places in it.
 * Only the text near the match is cut into words, so a long text costs little more than a short
 * one. Whitespace becomes plain spaces, one for one, so the places stay right.
 */
export function snippetOf(text: string, tokens: ReadonlySet<string>): { snippet: string; highlights: Range[] } {
  const found = firstMatches(text, tokens);
  const words = found?.words ?? [];
  let start = 0;
  if (found) {
    // Two pointers over the matches: those in the window from `from` are words[lo..hi).
    const counts = new Map<string, number>();
    const count = (w: Word, by: number) => {
      for (const t of new Set(w.tokens))
        if (tokens.has(t)) {
          const n = (counts.get(t) ?? 0) + by;
          if (n) counts.set(t, n);
          else counts.delete(t);
        }
    };
    let best = -1;
    let [lo, hi] = [0, 0];
    for (const w of words) {
      const from = Math.max(found.from, w.start - SNIPPET_LEAD);
      if (best >= 0 && found.to < text.length && from + SNIPPET_LENGTH > found.to) break;
      for (; hi < words.length && words[hi]!.end <= from + SNIPPET_LENGTH; hi++) count(words[hi]!, 1);
      for (; lo < hi && words[lo]!.start < from; lo++) count(words[lo]!, -1);
      if (counts.size > best) [best, start] = [counts.size, from];
    }
    start = whole(text, start);
  }
  const end = whole(text, Math.min(text.length, start + SNIPPET_LENGTH));
  const head = start > 0 ? '…' : '';
  const snippet = head + text.slice(start, end).replace(/\s/g, ' ') + (end < text.length ? '…' : '');
  const highlights = words.filter((w) => w.start >= start && w.end <= end).map((w): Range => [w.start - start + head.length, w.end - start + head.length]);
  return { snippet, highlights };
}

export function createSearchService({ repo, clock }: { repo: SearchRepo; clock: Clock }) {
  const now = () => clock.now().toISOString();

  /** The visible documents that hold every token, best first. */
  async function ranked(tokens: readonly string[], filter: SearchFilter) {
    const candidates = await repo.candidates(tokens, filter, now(), RANKED_CANDIDATES);
    if (!candidates.length) return { ranked: [], total: 0 };
    // Past the cap, the total is counted (the ranked ones are only the newest of them).
    const total = candidates.length < RANKED_CANDIDATES ? candidates.length : await repo.countMatching(tokens, filter, now());
    const [stats, ...frequencies] = await Promise.all([repo.stats(), ...tokens.map((t) => repo.documentFrequency(t))]);
    const idf = new Map(tokens.map((t, i) => [t, Math.log(1 + (stats.count - frequencies[i]! + 0.5) / (frequencies[i]! + 0.5))]));
    const at = clock.now().getTime();
    return { ranked: candidates.map((c) => ({ c, score: scoreOf(c, tokens, idf, stats, at) })).sort(byRank), total };
  }

  /**
   * When nothing is found: the query less the one word whose absence finds the most (for queries
   * of two words or more); for one word, a title word it may be a misspelling of, or a shorter
   * part of a Chinese word.
   */
  async function suggest(q: string, filter: SearchFilter): Promise<string | null> {
    const words = wordsOf(q).slice(0, MAX_TOKENS);
    if (words.length === 1) {
      const w = words[0]!;
      const better = await suggestWord(q.slice(w.start, w.end), filter);
      return better === null ? null : `${q.slice(0, w.start)} ${better} ${q.slice(w.end)}`.replace(/\s+/g, ' ').trim();
    }
    if (words.length < 2) return null;
    let best: { text: string; n: number } | null = null;
    for (const [i, w] of words.entries()) {
      // The rest asks what it would as a query of its own (a Chinese word's pairs reach into its neighbours).
      const text = `${q.slice(0, w.start)} ${q.slice(w.end)}`.replace(/\s+/g, ' ').trim();
      const rest = queryTokens(text).slice(0, MAX_TOKENS);
      const n = rest.length ? await repo.countMatching(rest, filter, now()) : 0;
      if (n > 0 && (!best || n > best.n)) best = { text, n };
    }
    return best?.text ?? null;
  }

  async function suggestWord(word: string, filter: SearchFilter): Promise<string | null> {
    const folded = fold(word);
    if (LATIN.test(folded)) return folded.length >= MIN_TYPO_LENGTH ? closestTitleWord(folded, filter) : null;
    const chars = [...word];
    if (!HAN.test(word) || chars.length < 3) return null;
    // The longest parts first, each length's the one that finds the most; a few queries at most.
    let asked = 0;
    for (let length = chars.length - 1; length >= 2; length--) {
      let best: { text: string; n: number } | null = null;
      for (let at = 0; at + length <= chars.length && asked < MAX_PARTS; at++, asked++) {
        const text = chars.slice(at, at + length).join('');
        const n = await repo.countMatching(queryTokens(text), filter, now());
        if (n > 0 && (!best || n > best.n)) best = { text, n };
      }
      if (best) return best.text;
    }
    return null;
  }

  /**
   * The word of the titles that hold a word starting as this one does that is fewest edits from
   * it (at most MAX_EDITS; then the commonest; then the first in alphabetical order).
   */
  async function closestTitleWord(word: string, filter: SearchFilter): Promise<string | null> {
    const titles = await repo.titlesWithPrefix(word.slice(0, TYPO_PREFIX), filter, now(), SUGGESTION_TITLES);
    const seen = new Map<string, number>();
    for (const title of titles)
      for (const w of wordsOf(title)) {
        const candidate = fold(title.slice(w.start, w.end));
        if (LATIN.test(candidate)) seen.set(candidate, (seen.get(candidate) ?? 0) + 1);
      }
    let best: { word: string; edits: number; n: number } | null = null;
    for (const [candidate, n] of seen) {
      const edits = editDistance(word, candidate, MAX_EDITS);
      if (edits > MAX_EDITS) continue;
      const better = !best || edits < best.edits || (edits === best.edits && (n > best.n || (n === best.n && candidate < best.word)));
      if (better) best = { word: candidate, edits, n };
    }
    return best?.word ?? null;
  }

  return {
    async search(query: SearchQuery): Promise<SearchResults> {
      const tokens = queryTokens(query.q).slice(0, MAX_TOKENS);
      if (!tokens.length) return { items: [], total: 0, suggestion: null };
      const { ranked: all, total } = await ranked(tokens, query);
      if (!all.length) return { items: [], total: 0, suggestion: await suggest(query.q, query) };
      const page = all.slice(query.offset, query.offset + query.limit);
      const shown = new Map((await repo.shown(page.map((r) => r.c.id))).map((s) => [s.id, s]));
      const wanted = new Set(tokens);
      const items = page.map(({ c }): SearchHit => {
        const s = shown.get(c.id)!;
        return {
          type: s.type,
          id: s.itemId,
          lang: s.lang,
          title: s.title,
          url: s.url,
          publishedAt: s.publishedAt,
          ...snippetOf(s.text, wanted),
          titleHighlights: matchRanges(s.title, wanted),
        };
      });
      return { items, total, suggestion: null };
    },

    /** Writes an item's entry (tokens made here, the same way as a query's). */
    async put(doc: SearchDocInput): Promise<void> {
      const title = indexTokens(doc.title);
      const body = indexTokens(doc.text);
      await repo.put({
        ...doc,
        titleTokens: title.tokens.join(' '),
        bodyTokens: body.tokens.join(' '),
        titleLength: title.words,
        bodyLength: body.words,
        year: doc.type === 'article' && doc.publishedAt ? Number(yearFormat.format(new Date(doc.publishedAt))) : null,
      });
    },
    remove: (type: SearchType, itemId: number) => repo.remove(type, itemId),
    clear: () => repo.clear(),
  };
}
export type SearchService = ReturnType<typeof createSearchService>;

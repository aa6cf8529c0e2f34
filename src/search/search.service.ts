// Search: keeping the index in step with what visitors see, and answering queries. A document's
// BM25 term weights are made here when it is written, as integers; the store sums them for a query
// (integers: the same on SQLite and PostgreSQL) and hands back the best first; the freshness boost
// and the final order are applied here, by one function, so both stores give the same results in
// the same order.
import { SITE_TIME_ZONE, type Clock } from '../shared/clock.js';
import { LANGS } from '../shared/lang.js';
import type { QueryTerm, Scored, SearchRepo, Stream, TermRow } from './search.repo.js';
import { fold, indexTokens, MAX_TOKEN_LENGTH, queryTokens, tokenize, wordsOf, type Word } from './segment.js';
import type { Range, SearchDocInput, SearchFilter, SearchHit, SearchQuery, SearchResults, SearchType } from './search.types.js';

// The weights below are stored in the postings: changing one means a new TOKENS_VERSION (segment.ts).
/** A title word counts as much as this many body words. */
const TITLE_WEIGHT = 3;
// BM25's usual constants.
const K1 = 1.2;
const B = 0.75;
/**
 * The document length (title words × 3 + body words) that BM25 takes as usual. It is fixed, not the
 * index's average, so that a document's weights are final when it is written: the synthetic
 * 100,000-article corpus averages 217 (zh 240, en 194), a short news piece about as much; the
 * judged set's short documents (35 on average) are all "short" by it, as they are to a reader.
 */
export const PIVOT_LENGTH = 200;
/** Weights and inverse document frequencies are kept as integers of this many parts of one, so that both stores sum them exactly. */
const WEIGHT_SCALE = 10_000;
const IDF_SCALE = 10_000;
/** Up to 10% more for an article published today, fading over a year or so. */
const FRESHNESS = 0.1;
const FRESHNESS_DAYS = 365;
const DAY_MS = 86_400_000;
/** Words of a query beyond these are ignored (each joins the postings once more). */
const MAX_TOKENS = 16;
/** Rows read at first of each year's postings of a token, or as many as are wanted; and how many times as many each time more are needed. */
const MIN_READ = 10;
const GROWTH = 2;
/**
 * The years whose postings are read apart (this one and those before it). Older articles gain at
 * most 0.6% from freshness (0.1 × e^-2.9, a year's end 2.9 years back): their years are read as
 * one, in the order of weights whatever the year, which reads fewer rows than a stream a year.
 */
const RECENT_YEARS = 3;
/**
 * Matches counted exactly when the rarest token's postings are no more than this many; past it the
 * count is estimated from this many (the reader is told so), for a count costs a lookup per posting.
 */
const EXACT_COUNT_UP_TO = 2000;
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

/**
 * Each token's BM25 term weight in a document, title and body taken as one field with title words
 * counted three times, its length in words: an integer, fixed when the document is written (the
 * length pivot is too).
 */
export function weightsOf(titleTokens: readonly string[], bodyTokens: readonly string[], titleWords: number, bodyWords: number): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of titleTokens) tf.set(t, (tf.get(t) ?? 0) + TITLE_WEIGHT);
  for (const t of bodyTokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  const norm = K1 * (1 - B + (B * (TITLE_WEIGHT * titleWords + bodyWords)) / PIVOT_LENGTH);
  return new Map([...tf].map(([t, f]) => [t, Math.round((WEIGHT_SCALE * f * (K1 + 1)) / (f + norm))]));
}

/** How rare a token is in the whole index (BM25's idf, never below 0), as a positive integer. */
export function idfOf(documents: number, holding: number): number {
  return Math.max(1, Math.round(IDF_SCALE * Math.log(1 + (documents - holding + 0.5) / (holding + 0.5))));
}

/**
 * The most an article of `year` (in Beijing time; 0: not an article, or undated) can be boosted at
 * `now`: as if published as the year ends (UTC, so a little later still), with a margin for rounding.
 */
function mostGained(year: number, now: number): number {
  if (!year) return 1 + 1e-9;
  const age = Math.max(0, now - Date.UTC(year + 1, 0, 1)) / DAY_MS;
  return (1 + FRESHNESS * Math.exp(-age / FRESHNESS_DAYS)) * (1 + 1e-9);
}

/** A mild boost for articles: the most a score can gain is (1 + FRESHNESS) times. */
function boosted(r: Scored, now: number): number {
  if (r.type !== 'article' || !r.publishedAt) return r.score;
  const age = Math.max(0, now - Date.parse(r.publishedAt)) / DAY_MS;
  return r.score * (1 + FRESHNESS * Math.exp(-age / FRESHNESS_DAYS));
}

interface Rank {
  r: Scored;
  score: number;
}

/** A query in one language: its terms, rarest first, and how many documents hold the rarest. */
interface Plan {
  terms: QueryTerm[];
  docs: number;
}

/** Higher score first; then newer; then by kind and id, so that the order is total. */
function byRank(a: Rank, b: Rank): number {
  if (a.score !== b.score) return b.score - a.score;
  const [pa, pb] = [a.r.publishedAt ?? '', b.r.publishedAt ?? ''];
  if (pa !== pb) return pa < pb ? 1 : -1;
  if (a.r.type !== b.r.type) return a.r.type < b.r.type ? -1 : 1;
  return a.r.itemId - b.r.itemId;
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

export function createSearchService({ repo, clock, exactUpTo = EXACT_COUNT_UP_TO }: { repo: SearchRepo; clock: Clock; exactUpTo?: number }) {
  const now = () => clock.now().toISOString();

  /** Per language of the filter whose index holds every token: the query's terms, rarest first, and how many documents hold the rarest. */
  async function plan(tokens: readonly string[], filter: SearchFilter): Promise<Plan[]> {
    const terms = await repo.terms([...tokens, '']);
    const sum = (token: string) => terms.filter((t) => t.token === token).reduce((n, t) => n + t.docs, 0);
    const idf = new Map(tokens.map((t) => [t, idfOf(sum(''), sum(t))]));
    return (filter.lang ? [filter.lang] : LANGS).flatMap((lang) => {
      const own = tokens.map((token) => terms.find((t) => t.token === token && t.lang === lang));
      if (own.some((t) => !t)) return [];
      const sorted = (own as TermRow[]).sort((a, b) => a.docs - b.docs || (a.token < b.token ? -1 : 1));
      return [{ docs: sorted[0]!.docs, terms: sorted.map((t) => ({ termId: t.id, idf: idf.get(t.token)! })) }];
    });
  }

  /**
   * The best `wanted` of the visible documents that hold every token, in order (the threshold
   * algorithm). Each token's postings of each recent year, and of all the older ones together,
   * are read by weight, more each time, with the other tokens' weights of the same documents. A
   * document not yet read weighs no more in each token than where that token's read stopped: once
   * the sum of those, at the most the years can gain from freshness, falls below the last wanted
   * score, nothing unread can overtake it. The order is exact, as if every match had been scored,
   * and both stores read the same rows.
   */
  async function ranked(plans: readonly Plan[], filter: SearchFilter, wanted: number): Promise<Rank[]> {
    const at = now();
    const time = clock.now().getTime();
    const first = Math.max(wanted, MIN_READ);
    const recent = Number(yearFormat.format(clock.now())) - RECENT_YEARS + 1;
    // A year of a language (or its older years): a stream led by each of its terms (the same terms, rotated).
    const groups: { streams: (Stream & { idf: number; reading: boolean })[]; most: number; done: boolean }[] = [];
    for (const p of plans) {
      const years =
        filter.year !== undefined
          ? [{ year: filter.year, older: false }]
          : [{ year: recent - 1, older: true }, ...(await repo.years(p.terms[0]!.termId, recent)).map((year) => ({ year, older: false }))];
      for (const { year, older } of years)
        groups.push({
          streams: p.terms.map((t, i) => ({ terms: [t, ...p.terms.filter((_, j) => j !== i)], year, older, after: null, limit: first, idf: t.idf, reading: true })),
          // The latest of the years gains the most (0, not boosted, the least).
          most: mostGained(year, time),
          done: false,
        });
    }
    const out: Rank[] = [];
    const seen = new Set<number>();
    while (true) {
      const reading = groups.filter((g) => !g.done);
      if (!reading.length) break;
      const streams = reading.flatMap((g) => g.streams.filter((s) => s.reading));
      const rows = await repo.ranked(streams, filter, at);
      const read = streams.map(() => 0);
      for (const r of rows) {
        read[r.stream]!++;
        // Rows come in each stream's order: the last one read is where it stopped.
        const s = streams[r.stream]!;
        if (!s.after || r.weight < s.after.weight || (r.weight === s.after.weight && r.id > s.after.id)) s.after = { weight: r.weight, id: r.id };
        // A document is read by each of its tokens' streams: it is ranked once.
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        out.push({ r, score: boosted(r, time) });
      }
      // Rows past the wanted ones can only fall further.
      out.sort(byRank).splice(wanted);
      const kth = out.length >= wanted ? out[wanted - 1]!.score : -Infinity;
      for (const g of reading) {
        // Done when a stream ran out (it has read every match of the year: each holds its token),
        // or when no unread match could overtake the last wanted even at the most its year gains.
        if (g.streams.some((s) => s.reading && read[streams.indexOf(s)]! < s.limit)) {
          g.done = true;
          continue;
        }
        const gains = g.streams.map((s) => s.idf * s.after!.weight);
        const bound = gains.reduce((n, x) => n + x, 0);
        if (kth > bound * g.most) g.done = true;
        else
          // Read on where the bound is: the streams that hold at least an even share of it, whose
          // reads lower it the most (the others wait where they stopped, their share still counted).
          g.streams.forEach((s, i) => {
            s.reading = gains[i]! * g.streams.length >= bound;
            if (s.reading) s.limit *= GROWTH;
          });
      }
    }
    return out.slice(0, wanted);
  }

  /**
   * How many visible documents within the filter hold every token: exact when the rarest one's
   * postings are few (or no more is asked than its documents), otherwise estimated from its newest
   * postings' share of matches (the first page does not wait for the whole count).
   */
  async function counted(plans: readonly Plan[], single: boolean, filter: SearchFilter): Promise<{ total: number; approximate: boolean }> {
    const at = now();
    let total = 0;
    let approximate = false;
    for (const p of plans) {
      if (single && !repo.narrows(filter) && filter.year === undefined) {
        total += await repo.countHolding(p.terms[0]!.termId, p.docs, at);
        continue;
      }
      const { read, matched } = await repo.sampled(p.terms, filter.year, filter, at, exactUpTo);
      if (read < exactUpTo) total += matched;
      else {
        const holding = filter.year === undefined ? p.docs : await repo.postings(p.terms[0]!.termId, filter.year);
        total += (matched * holding) / read;
        approximate ||= holding > read;
      }
    }
    // An estimate is given to two figures: 21,000, not 20,987.
    const figures = total >= 100 ? 10 ** (Math.floor(Math.log10(total)) - 1) : 1;
    return { total: approximate ? Math.round(total / figures) * figures : total, approximate };
  }

  /** The query with one of its words replaced (or left out, for ''), spaced once. */
  const replaced = (q: string, w: Pick<Word, 'start' | 'end'>, by: string) => `${q.slice(0, w.start)} ${by} ${q.slice(w.end)}`.replace(/\s+/g, ' ').trim();

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
      return better === null ? null : replaced(q, w, better);
    }
    if (words.length < 2) return null;
    // What the reader typed apart is left out whole: a word the segmenter cuts into characters
    // (碳|中|和) would otherwise lose one character at a time and never leave a query that finds.
    const typed = [...q.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    let best: { text: string; n: number } | null = null;
    for (const w of typed.length >= 2 ? typed.slice(0, MAX_TOKENS) : words) {
      // The rest asks what it would as a query of its own (a Chinese word's links reach into its neighbours).
      const text = replaced(q, w, '');
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
      if (!tokens.length) return { items: [], total: 0, approximate: false, suggestion: null };
      const plans = await plan(tokens, query);
      const { total, approximate } = plans.length ? await counted(plans, tokens.length === 1, query) : { total: 0, approximate: false };
      // An estimate of none may still miss a few older matches: ranking tells.
      const best = total || approximate ? await ranked(plans, query, query.offset + query.limit) : [];
      if (!total && !best.length) return { items: [], total: 0, approximate: false, suggestion: await suggest(query.q, query) };
      const page = best.slice(query.offset);
      const shown = new Map((await repo.shown(page.map(({ r }) => r.id))).map((s) => [s.id, s]));
      const wanted = new Set(tokens);
      const items = page.map(({ r }): SearchHit => {
        const s = shown.get(r.id)!;
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
      // An estimate is never below what was found.
      return { items, total: approximate ? Math.max(total, best.length) : total, approximate, suggestion: null };
    },

    /** Writes an item's entry (tokens made here, the same way as a query's). */
    async put(doc: SearchDocInput): Promise<void> {
      // Lengths count words: the characters and links a Chinese word adds to its tokens would make
      // Chinese texts look two or three times as long as English ones (segment.ts indexTokens).
      const title = indexTokens(doc.title);
      const body = indexTokens(doc.text);
      await repo.put(
        {
          ...doc,
          titleTokens: title.tokens.join(' '),
          bodyTokens: body.tokens.join(' '),
          titleLength: title.words,
          bodyLength: body.words,
          year: doc.type === 'article' && doc.publishedAt ? Number(yearFormat.format(new Date(doc.publishedAt))) : null,
        },
        weightsOf(title.tokens, body.tokens, title.words, body.words),
      );
    },
    remove: (type: SearchType, itemId: number) => repo.remove(type, itemId),
    clear: () => repo.clear(),
  };
}
export type SearchService = ReturnType<typeof createSearchService>;

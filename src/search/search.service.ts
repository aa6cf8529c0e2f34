// Search: keeping the index in step with what visitors see, and answering queries. The store only
// finds the documents that hold every word; they are ranked here, by one function, so that SQLite
// and PostgreSQL give the same results in the same order.
import { SITE_TIME_ZONE, type Clock } from '../shared/clock.js';
import type { SearchRepo, Candidate, IndexStats } from './search.repo.js';
import { queryTokens, tokenize, wordsOf } from './segment.js';
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

/** Where the tokens are in a text. */
export function matchRanges(text: string, tokens: ReadonlySet<string>): Range[] {
  return wordsOf(text)
    .filter((w) => w.tokens.some((t) => tokens.has(t)))
    .map((w): Range => [w.start, w.end]);
}

/**
 * The window of the text that holds the most of the query's words (the earliest of equals), with
 * "…" where it was cut and the matches' places in it. Whitespace becomes plain spaces, one for one,
 * so the places stay right.
 */
export function snippetOf(text: string, tokens: ReadonlySet<string>): { snippet: string; highlights: Range[] } {
  const words = wordsOf(text).filter((w) => w.tokens.some((t) => tokens.has(t)));
  let start = 0;
  if (words.length) {
    let best = -1;
    for (const w of words.slice(0, 200)) {
      const from = Math.max(0, w.start - SNIPPET_LEAD);
      const found = new Set(words.filter((x) => x.start >= from && x.end <= from + SNIPPET_LENGTH).flatMap((x) => x.tokens.filter((t) => tokens.has(t))));
      if (found.size > best) [best, start] = [found.size, from];
    }
  }
  const end = Math.min(text.length, start + SNIPPET_LENGTH);
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
   * When nothing is found: the query less the one word whose absence finds the most (only for
   * queries of two words or more).
   */
  async function suggest(q: string, filter: SearchFilter): Promise<string | null> {
    const words = wordsOf(q).slice(0, MAX_TOKENS);
    if (words.length < 2) return null;
    let best: { text: string; n: number } | null = null;
    for (const [i, w] of words.entries()) {
      const rest = [...new Set(words.filter((_, j) => j !== i).flatMap((x) => x.tokens))];
      const n = await repo.countMatching(rest, filter, now());
      if (n > 0 && (!best || n > best.n)) best = { text: `${q.slice(0, w.start)} ${q.slice(w.end)}`.replace(/\s+/g, ' ').trim(), n };
    }
    return best?.text ?? null;
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
      const titleTokens = tokenize(doc.title);
      const bodyTokens = tokenize(doc.text);
      await repo.put({
        ...doc,
        titleTokens: titleTokens.join(' '),
        bodyTokens: bodyTokens.join(' '),
        titleLength: titleTokens.length,
        bodyLength: bodyTokens.length,
        year: doc.type === 'article' && doc.publishedAt ? Number(yearFormat.format(new Date(doc.publishedAt))) : null,
      });
    },
    remove: (type: SearchType, itemId: number) => repo.remove(type, itemId),
    clear: () => repo.clear(),
  };
}
export type SearchService = ReturnType<typeof createSearchService>;

// Suggestions as one types: the first few documents the search finds for what is typed, titles and
// addresses only. The last word, while it is being typed, is taken for the commonest title word it
// starts (a reader typing "plan" means "planetarium"), so that English is offered before the word is
// done; Chinese needs no such help, one character finding the words that hold it.
import type { Clock } from '../shared/clock.js';
import type { Lang } from '../shared/lang.js';
import type { SearchRepo } from './search.repo.js';
import type { SearchService } from './search.service.js';
import type { SearchType } from './search.types.js';
import { fold, wordsOf } from './segment.js';

/** How many suggestions at most; the titles read to complete a word. */
export const MAX_SUGGESTIONS = 10;
const COMPLETION_TITLES = 200;
/** A word being typed is completed from this many letters on. */
const MIN_PREFIX = 2;
const LATIN = /^[a-z]+$/;

export interface Suggestion {
  type: SearchType;
  title: string;
  url: string;
}

export function createSearchSuggestions({ repo, search, clock }: { repo: SearchRepo; search: SearchService; clock: Clock }) {
  /**
   * The title word most titles hold that starts with the prefix (then the first in alphabetical
   * order), or the prefix itself when it is a title word already; null when no title has one.
   */
  async function completion(prefix: string, lang: Lang | undefined): Promise<string | null> {
    const titles = await repo.titlesWithPrefix(prefix, { lang }, clock.now().toISOString(), COMPLETION_TITLES);
    const seen = new Map<string, number>();
    for (const title of titles)
      for (const w of wordsOf(title)) {
        const word = fold(title.slice(w.start, w.end));
        if (LATIN.test(word) && word.startsWith(prefix)) seen.set(word, (seen.get(word) ?? 0) + 1);
      }
    if (seen.has(prefix)) return prefix;
    let best: [string, number] | null = null;
    for (const [word, n] of seen) if (!best || n > best[1] || (n === best[1] && word < best[0])) best = [word, n];
    return best?.[0] ?? null;
  }

  return {
    /** `q` as typed: a last word not followed by a space is taken as unfinished. */
    async suggest(q: string, lang: Lang | undefined, limit: number): Promise<Suggestion[]> {
      let query = q;
      const last = /([A-Za-z]+)$/.exec(q);
      const prefix = last ? fold(last[1]!) : '';
      if (last && prefix.length >= MIN_PREFIX && LATIN.test(prefix)) {
        const word = await completion(prefix, lang);
        if (word) query = q.slice(0, last.index) + word;
      }
      const found = await search.search({ q: query, lang, offset: 0, limit: Math.min(limit, MAX_SUGGESTIONS) });
      return found.items.map((i) => ({ type: i.type, title: i.title, url: i.url }));
    },
  };
}
export type SearchSuggestions = ReturnType<typeof createSearchSuggestions>;

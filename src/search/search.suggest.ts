// Suggestions as one types: the first few documents the search finds for what is typed, titles and
// addresses only. The last word, while it is being typed, is taken for the commonest word of the
// index it starts (a reader typing "plan" means "planetarium"), so that English is offered before
// the word is done; Chinese needs no such help, one character finding the words that hold it.
import type { Lang } from '../shared/lang.js';
import type { SearchRepo } from './search.repo.js';
import type { SearchService } from './search.service.js';
import type { SearchType } from './search.types.js';
import { fold } from './segment.js';

/** How many suggestions at most; the words read to complete the last one. */
export const MAX_SUGGESTIONS = 10;
const COMPLETION_WORDS = 50;
/** A word being typed is completed from this many letters on. */
const MIN_PREFIX = 2;
const LATIN = /^[a-z]+$/;

export interface Suggestion {
  type: SearchType;
  title: string;
  url: string;
}

export function createSearchSuggestions({ repo, search }: { repo: SearchRepo; search: SearchService }) {
  /**
   * The word of the index most documents hold that starts with the prefix, or the prefix itself
   * when it is a word already; null when none does. Words are as the index holds them (stems:
   * "studi"), which a query finds as they are.
   */
  async function completion(prefix: string, lang: Lang | undefined): Promise<string | null> {
    const words = (await repo.wordsWithPrefix(prefix, lang, COMPLETION_WORDS)).filter((w) => LATIN.test(w));
    return words.includes(prefix) ? prefix : (words[0] ?? null);
  }

  return {
    /** `q` as typed (trimmed): its last word is taken as unfinished. */
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

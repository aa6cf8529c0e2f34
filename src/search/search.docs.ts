// What the index holds of each kind of content, and keeping an item's entry in step with it.
import type { Institution } from '../institutions/index.js';
import type { Article } from '../news/index.js';
import type { Page } from '../pages/index.js';
import { docToPlainText, type RichTextDoc } from '../richtext/index.js';
import { urls } from '../shared/urls.js';
import type { SearchService } from './search.service.js';
import type { SearchDocInput, SearchType } from './search.types.js';

const plain = (...parts: (string | null | undefined | RichTextDoc)[]) =>
  parts
    .map((p) => (p == null ? '' : typeof p === 'string' ? p : docToPlainText(p)).trim())
    .filter(Boolean)
    .join('\n\n');

const dates = (x: { publishedAt: string | null; unpublishAt: string | null; updatedAt: string }) => ({
  publishedAt: x.publishedAt,
  unpublishAt: x.unpublishAt,
  updatedAt: x.updatedAt,
});

export const articleDoc = (a: Article): SearchDocInput => ({
  type: 'article',
  itemId: a.id,
  lang: a.lang,
  title: a.title,
  text: plain(a.summary, a.body),
  url: urls.article(a.lang, a.slug),
  channelId: a.channelId,
  ...dates(a),
});

export const pageDoc = (p: Page): SearchDocInput => ({
  type: 'page',
  itemId: p.id,
  lang: p.lang,
  title: p.title,
  text: plain(p.summary, p.body),
  url: urls.page(p.lang, p.slug),
  channelId: null,
  ...dates(p),
});

/**
 * An institution is found by its other names too ("BJAST"), shown before its profile. One
 * without a profile is a line of the directory: that line is its address.
 */
export const institutionDoc = (i: Institution): SearchDocInput => ({
  type: 'institution',
  itemId: i.id,
  lang: i.lang,
  title: i.name,
  text: plain(i.aliases.join(' · '), i.profile),
  url: i.profile ? urls.institution(i.lang, i.slug) : `${urls.institutions(i.lang)}#institution-${i.position}`,
  channelId: null,
  ...dates(i),
});

/** How the indexer reads an item, whatever its state. */
export interface SearchSources {
  article(id: number): Promise<Article | undefined>;
  page(id: number): Promise<Page | undefined>;
  institution(id: number): Promise<Institution | undefined>;
}

/**
 * Brings an item's entry in line with the item as stored: published items are indexed (a future
 * date or a time to come down is applied at query time, as the site does), any other is removed.
 */
export function createIndexer(search: SearchService, sources: SearchSources) {
  const docOf = async (type: SearchType, id: number): Promise<SearchDocInput | undefined> => {
    if (type === 'article') {
      const a = await sources.article(id);
      return a?.status === 'published' ? articleDoc(a) : undefined;
    }
    if (type === 'page') {
      const p = await sources.page(id);
      return p?.status === 'published' ? pageDoc(p) : undefined;
    }
    const i = await sources.institution(id);
    return i?.status === 'published' ? institutionDoc(i) : undefined;
  };
  return async function reindex(type: SearchType, id: number): Promise<void> {
    const doc = await docOf(type, id);
    if (doc) await search.put(doc);
    else await search.remove(type, id);
  };
}
export type Reindex = ReturnType<typeof createIndexer>;

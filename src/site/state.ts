// What the public site shows, in brief: every visible item's version and every list's order, read
// from the store in a few queries. A rendered page names the keys it depends on (`dep.*`); it is
// out of date exactly when the version of one of those keys changed. The live page cache and the
// incremental static export both decide with this one rule, so they cannot disagree.
import { createHash } from 'node:crypto';
import type { Services } from '../app/services.js';
import type { ArticleIndexRow, Neighbours } from '../news/index.js';
import { otherLang, type Lang } from '../shared/lang.js';
import type { IndexRow } from '../workflow/index.js';

export type ContentKind = 'article' | 'page' | 'institution';
/** An ordered list of articles: a language's news, or its news in one channel or about one institution. */
export type ListName = `news:${Lang}` | `news:${Lang}:channel:${number}` | `news:${Lang}:institution:${number}`;

/** The dependency keys a page may name. */
export const dep = {
  /** The item itself: its text and fields (absent when not visible). */
  article: (id: number) => `article:${id}`,
  page: (id: number) => `page:${id}`,
  institution: (id: number) => `institution:${id}`,
  media: (id: number) => `media:${id}`,
  /** The titles and addresses of an article's previous and next articles. */
  neighbours: (id: number) => `neighbours:${id}`,
  /** The address of an item's visible translation (hreflang, language switch). */
  translation: (kind: ContentKind, id: number) => `translation:${kind}:${id}`,
  /** Which articles, in which order, a window of a list shows. */
  window: (list: ListName, offset: number, limit: number) => `window:${list}:${offset}:${limit}`,
  /** How many articles a list has (its number of pages). */
  count: (list: ListName) => `count:${list}`,
  /**
   * Every visible item of a kind in a language, with its address, version and translation group
   * (sitemaps, directories, search indexes): pairing translations saves no new revision.
   */
  all: (kind: ContentKind, lang: Lang) => `all:${kind}:${lang}`,
  /** Whether the language has an About page (the menu links to it). */
  about: (lang: Lang) => `about:${lang}`,
  /** The channels' names and addresses. */
  channels: () => 'channels',
};

export const list = {
  news: (lang: Lang): ListName => `news:${lang}`,
  channel: (lang: Lang, channelId: number): ListName => `news:${lang}:channel:${channelId}`,
  institution: (lang: Lang, institutionId: number): ListName => `news:${lang}:institution:${institutionId}`,
};

/** A page's dependencies with the versions they had when it was rendered. */
export type DepVersions = [key: string, version: string][];

const ABSENT = '-';
const digest = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 22);
const itemVersion = (r: IndexRow) => `${r.revision}@${r.updatedAt}`;

export interface SiteStateData {
  /** When it was read (ISO). */
  at: string;
  articles: ArticleIndexRow[];
  pages: IndexRow[];
  institutions: IndexRow[];
  media: Map<number, string>;
  channels: { id: number; slug: string; nameZh: string; nameEn: string }[];
  /** The next moment something becomes visible or hidden without a save (scheduled dates). */
  nextChangeAt: string | null;
}

/** The dependency kinds whose version is computed once per state (see SiteState.version). */
const MEMOIZED = new Set(['window', 'all', 'about', 'channels']);

export class SiteState {
  private readonly memo = new Map<string, string>();
  private readonly byKind: Record<ContentKind, Map<number, IndexRow>>;
  private readonly lists = new Map<string, ArticleIndexRow[]>();
  private readonly positionInNews = new Map<number, number>();
  /** Each language's articles by title, made when an imported article's neighbours are first asked for. */
  private titles: Map<string, ArticleIndexRow> | undefined;
  /** Each translation group's item per language ("kind:group:lang"); the oldest, as the store's lookups pick. */
  private readonly groups = new Map<string, IndexRow>();

  constructor(readonly data: SiteStateData) {
    this.byKind = {
      article: new Map(data.articles.map((a) => [a.id, a])),
      page: new Map(data.pages.map((p) => [p.id, p])),
      institution: new Map(data.institutions.map((i) => [i.id, i])),
    };
    const push = (name: string, a: ArticleIndexRow) => {
      let l = this.lists.get(name);
      if (!l) this.lists.set(name, (l = []));
      l.push(a);
    };
    for (const kind of ['article', 'page', 'institution'] as const)
      for (const r of this.byKind[kind].values()) {
        if (r.translationGroup == null) continue;
        const key = `${kind}:${r.translationGroup}:${r.lang}`;
        const known = this.groups.get(key);
        if (!known || known.id > r.id) this.groups.set(key, r);
      }
    for (const a of data.articles) {
      push(list.news(a.lang), a);
      this.positionInNews.set(a.id, this.lists.get(list.news(a.lang))!.length - 1);
      if (a.channelId != null) push(list.channel(a.lang, a.channelId), a);
      for (const i of a.institutionIds) push(list.institution(a.lang, i), a);
    }
  }

  /** The articles of a list, newest first. */
  listOf(name: ListName): readonly ArticleIndexRow[] {
    return this.lists.get(name) ?? [];
  }

  item(kind: ContentKind, id: number): IndexRow | undefined {
    return this.byKind[kind].get(id);
  }

  /** Whether the language has a visible About page (the menu links to it). */
  hasAbout(lang: Lang): boolean {
    return this.version(dep.about(lang)) !== ABSENT;
  }

  /** The visible translation of an item into the other language. */
  translationOf(kind: ContentKind, id: number): IndexRow | undefined {
    const self = this.byKind[kind].get(id);
    if (!self || self.translationGroup == null) return undefined;
    return this.groups.get(`${kind}:${self.translationGroup}:${otherLang(self.lang)}`);
  }

  /**
   * An article's previous and next articles, as NewsService.neighbours finds them with queries:
   * those its old page named (linked when visible), else publication order. Undefined when the
   * article is not in this state (a draft in preview).
   */
  neighboursOf(id: number): Neighbours | undefined {
    const a = this.byKind.article.get(id) as ArticleIndexRow | undefined;
    if (!a) return undefined;
    if (a.legacyNeighbours) {
      const titles = (this.titles ??= this.byTitle());
      const byTitle = (title: string | null) => (!title ? null : { title, slug: titles.get(`${a.lang}\n${title}`)?.slug ?? null });
      return { previous: byTitle(a.legacyNeighbours.previous), next: byTitle(a.legacyNeighbours.next) };
    }
    const news = this.lists.get(list.news(a.lang))!;
    const i = this.positionInNews.get(id)!;
    const ref = (n: ArticleIndexRow | undefined) => (n ? { title: n.title, slug: n.slug } : null);
    // The list is newest first: the previous (older) article comes after it, the next before.
    return { previous: ref(news[i + 1]), next: ref(news[i - 1]) };
  }

  private byTitle() {
    const titles = new Map<string, ArticleIndexRow>();
    for (const a of this.data.articles) {
      // The oldest article of a title is the one an old page's neighbour link meant.
      const t = `${a.lang}\n${a.title}`;
      const known = titles.get(t);
      if (!known || known.id > a.id) titles.set(t, a);
    }
    return titles;
  }

  version(key: string): string {
    // Only versions that read a whole list or kind are kept: the others cost less to compute again
    // than to hold for every page of a large site (three or four keys an article).
    const colon = key.indexOf(':');
    if (!MEMOIZED.has(colon < 0 ? key : key.slice(0, colon))) return this.compute(key);
    let v = this.memo.get(key);
    if (v === undefined) {
      v = this.compute(key);
      this.memo.set(key, v);
    }
    return v;
  }

  versions(keys: Iterable<string>): DepVersions {
    return [...new Set(keys)].sort().map((k) => [k, this.version(k)]);
  }

  /** Whether a page rendered with these versions would still be rendered the same. */
  isCurrent(deps: DepVersions): boolean {
    for (const [k, v] of deps) if (this.version(k) !== v) return false;
    return true;
  }

  private compute(key: string): string {
    const parts = key.split(':');
    const [what] = parts;
    const num = (i: number) => Number(parts[i]);
    switch (what) {
      case 'article':
      case 'page':
      case 'institution': {
        const row = this.byKind[what].get(num(1));
        return row ? itemVersion(row) : ABSENT;
      }
      case 'media':
        return this.data.media.get(num(1)) ?? ABSENT;
      case 'neighbours':
        return this.neighbours(num(1));
      case 'translation': {
        const r = this.translationOf(parts[1] as ContentKind, num(2));
        return r ? `${r.id}:${r.slug}` : ABSENT;
      }
      case 'window': {
        const [offset, limit] = [Number(parts.at(-2)), Number(parts.at(-1))];
        const name = parts.slice(1, -2).join(':');
        return (this.lists.get(name) ?? []).slice(offset, offset + limit).map((a) => a.id).join(',') || ABSENT;
      }
      case 'count':
        return String(this.lists.get(parts.slice(1).join(':'))?.length ?? 0);
      case 'all': {
        const kind = parts[1] as ContentKind;
        const lang = parts[2] as Lang;
        const rows = [...this.byKind[kind].values()].filter((r) => r.lang === lang);
        return digest(rows.map((r) => `${r.id}/${r.slug}/${itemVersion(r)}/${r.publishedAt ?? ''}/${r.translationGroup ?? ''}`).join('\n'));
      }
      case 'about': {
        const about = this.data.pages.find((p) => p.lang === parts[1] && p.slug === 'about');
        return about ? String(about.id) : ABSENT;
      }
      case 'channels':
        return digest(JSON.stringify(this.data.channels));
      default:
        throw new Error(`unknown dependency key "${key}"`);
    }
  }

  private neighbours(id: number): string {
    const n = this.neighboursOf(id);
    return n ? digest(JSON.stringify(n)) : ABSENT;
  }
}

/** Reads the site's state from the store: a handful of queries, whatever the number of pages. */
export async function loadSiteState(services: Services): Promise<SiteState> {
  const at = services.clock.now().toISOString();
  const [articles, pages, institutions, media, channels, ...next] = await Promise.all([
    services.news.visibleIndex(),
    services.pages.visibleIndex(),
    services.institutions.visibleIndex(),
    services.media.versions(),
    services.taxonomy.channels(),
    services.news.nextVisibilityChange(),
    services.pages.nextVisibilityChange(),
    services.institutions.nextVisibilityChange(),
  ]);
  const nextChangeAt = next.filter((t): t is string => t !== null).sort()[0] ?? null;
  return new SiteState({ at, articles, pages, institutions, media, channels, nextChangeAt });
}

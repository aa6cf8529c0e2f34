// Search. The live site answers /xx/search?q=… on the server from the search index, with no
// script, and its script offers suggestions as one types from the server's search. In a static
// export (no server to ask) the page's script searches the language's index file, which lists
// every visible article, page and institution (title, address, date, a short excerpt), folding
// traditional characters to simplified with the small table the export writes beside it.
import { excerpt } from '../richtext/index.js';
import { fold, MAX_SEARCH_PAGE, SearchParamsSchema, type SearchParams } from '../search/index.js';
import { SITE_TIME_ZONE } from '../shared/clock.js';
import { LANGS, otherLang, type Lang } from '../shared/lang.js';
import { pageRequest } from '../shared/page.js';
import { urls } from '../shared/urls.js';
import { translator } from './i18n.js';
import { renderDocument } from './document.js';
import { channelName, newsWindow } from './lists.js';
import { langParam } from './params.js';
import type { SiteContext, SiteRoute } from './routes.js';
import { dep, list, loadSiteState, type SiteState } from './state.js';
import { SearchPage, SearchResults, type SearchChoices, type SearchMode } from './views/search.js';

/** One entry of the index: [kind, title, address, date or "", excerpt]. */
export type SearchEntry = [kind: 'a' | 'p' | 'i', title: string, url: string, date: string, text: string];

const EXCERPT = 140;
const CHUNK = 500;
/** The query string's value for "both languages"; absent, the page's own language is searched. */
const BOTH_LANGS = 'both';

/** How the page's script finds things: the server's suggestions, or the export's index files. */
function modeOf(ctx: SiteContext, lang: Lang): SearchMode {
  return ctx.staticCopy ? { kind: 'static', index: urls.searchIndex(lang), fold: urls.searchFold(lang) } : { kind: 'live', suggest: urls.searchSuggestions() };
}

const yearFormat = new Intl.DateTimeFormat('en', { timeZone: SITE_TIME_ZONE, year: 'numeric' });

/** What the results page's filters offer: every channel, the language's institutions, the years that have articles. */
function searchChoices(state: SiteState, lang: Lang, langs: readonly Lang[]): SearchChoices {
  const years = new Set<number>();
  for (const l of langs) for (const a of state.listOf(list.news(l))) if (a.publishedAt) years.add(Number(yearFormat.format(new Date(a.publishedAt))));
  return {
    channels: state.data.channels.map((c) => ({ id: c.id, name: channelName(c, lang) })),
    institutions: state.data.institutions.filter((i) => i.lang === lang).map((i) => ({ id: i.id, name: i.title })),
    years: [...years].sort((a, b) => b - a),
  };
}

export const searchPage: SiteRoute = {
  id: 'search',
  pattern: '/:lang/search',
  list: () => LANGS.map((l) => urls.search(l)),
  async render(ctx, params, state) {
    const lang = langParam(params);
    const t = translator(lang);
    const body = await renderDocument(
      ctx,
      t,
      { title: t.m.searchTitle, path: urls.search(lang), paths: { zh: urls.search('zh'), en: urls.search('en') }, fallbackSwitch: urls.search(otherLang(lang)), section: 'search', crumbs: [{ label: t.m.searchTitle }], state },
      <SearchPage t={t} mode={modeOf(ctx, lang)} script={ctx.assets.search} />,
    );
    return { body, deps: [dep.about(lang)] };
  },
  async renderQuery(ctx, params, query, state) {
    const lang = langParam(params);
    const parsed = searchParams(query);
    if (!parsed) return undefined;
    const t = translator(lang);
    // The last of repeated fields counts, as for the others.
    const both = query.getAll('lang').at(-1) === BOTH_LANGS;
    const choices = searchChoices(state ?? (await loadSiteState(ctx.services)), lang, both ? LANGS : [lang]);
    // A filter value the form does not offer (a hand-edited address) is ignored, like one that does not parse.
    const offered = <T,>(v: T | undefined, values: readonly T[]) => (v !== undefined && values.includes(v) ? v : undefined);
    const p: SearchParams = {
      ...parsed,
      channel: offered(parsed.channel, choices.channels.map((c) => c.id)),
      institution: offered(parsed.institution, choices.institutions.map((i) => i.id)),
      year: offered(parsed.year, choices.years),
    };
    const found = await ctx.services.search.search({ q: p.q, lang: both ? undefined : lang, type: p.type, channelId: p.channel, institutionId: p.institution, year: p.year, ...pageRequest(p.page, p.perPage) });
    // The pager and the suggestion keep every filter.
    const href = (changes: { q?: string; page?: number }) => {
      const next = new URLSearchParams();
      const kept = { q: p.q, lang: both ? BOTH_LANGS : undefined, type: p.type, channel: p.channel, institution: p.institution, year: p.year, page: p.page, ...changes };
      for (const [k, v] of Object.entries(kept)) if (v !== undefined && !(k === 'page' && v === 1)) next.set(k, String(v));
      return `${urls.search(lang)}?${next}`;
    };
    const view = {
      q: p.q,
      type: p.type ?? null,
      bothLangs: both,
      channel: p.channel ?? null,
      institution: p.institution ?? null,
      year: p.year ?? null,
      choices,
      total: found.total,
      approximate: found.approximate,
      page: p.page,
      // Every match is ranked; the pager stops where the query string's page does.
      pages: Math.min(Math.ceil(found.total / p.perPage), MAX_SEARCH_PAGE),
      pageHref: (page: number) => href({ page }),
      suggestion: found.suggestion ? { text: found.suggestion, href: href({ q: found.suggestion, page: 1 }) } : null,
      items: found.items.map((i) => ({ ...i, href: i.url })),
    };
    const body = await renderDocument(
      ctx,
      t,
      { title: t.m.searchTitle, path: urls.search(lang), paths: { zh: urls.search('zh'), en: urls.search('en') }, section: 'search', crumbs: [{ label: t.m.searchTitle }], noCanonical: true, back: href({}), state },
      <SearchResults t={t} view={view} mode={modeOf(ctx, lang)} script={ctx.assets.search} />,
    );
    return { body, deps: [] };
  },
};

/**
 * The query string of a search page: undefined without words to find. Filters that do not parse
 * are left out (a hand-edited address still searches); empty fields are absent fields.
 */
function searchParams(query: URLSearchParams): SearchParams | undefined {
  const raw: Record<string, string> = {};
  for (const [k, v] of query) if (v.trim() !== '' && k !== 'lang') raw[k] = k === 'q' ? v.slice(0, 200) : v;
  let parsed = SearchParamsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) if (issue.path[0] !== 'q') delete raw[String(issue.path[0])];
    parsed = SearchParamsSchema.safeParse(raw);
  }
  return parsed.success ? parsed.data : undefined;
}

/** The language's index entries. */
async function indexEntries(ctx: SiteContext, lang: Lang, state?: SiteState): Promise<SearchEntry[]> {
  const { services } = ctx;
  const entries: SearchEntry[] = [];
  // A page at a time: the bodies are read for their excerpts and let go. The state knows the
  // order, so no page is counted and sorted again.
  for (let offset = 0; ; offset += CHUNK) {
    const { items } = await newsWindow(ctx, { lang, list: list.news(lang) }, { offset, limit: CHUNK }, state);
    for (const a of items) entries.push(['a', a.title, urls.article(lang, a.slug), a.publishedAt?.slice(0, 10) ?? '', a.summary ?? excerpt(a.body, EXCERPT)]);
    if (items.length < CHUNK) break;
  }
  const pages = await services.pages.listPublished(lang, { offset: 0, limit: 10_000 });
  for (const p of pages.items) entries.push(['p', p.title, urls.page(lang, p.slug), '', p.summary ?? excerpt(p.body, EXCERPT)]);
  for (const i of await services.institutions.directory(lang))
    entries.push(['i', i.name, i.profile ? urls.institution(lang, i.slug) : `${urls.institutions(lang)}#institution-${i.position}`, '', i.profile ? excerpt(i.profile, EXCERPT) : '']);
  return entries;
}

/**
 * The entries for one state of the site: an export renders the index and the folding table from
 * the same state, and reads the articles once for both (the live server, which seldom sends
 * either, keeps nothing).
 */
const entriesByState = new WeakMap<SiteState, Map<Lang, Promise<SearchEntry[]>>>();
function entriesOf(ctx: SiteContext, lang: Lang, state?: SiteState): Promise<SearchEntry[]> {
  if (!state || !ctx.staticCopy) return indexEntries(ctx, lang, state);
  const known = entriesByState.get(state) ?? new Map<Lang, Promise<SearchEntry[]>>();
  entriesByState.set(state, known);
  if (!known.has(lang)) known.set(lang, indexEntries(ctx, lang, state));
  return known.get(lang)!;
}

const indexDeps = (lang: Lang) => [dep.all('article', lang), dep.all('page', lang), dep.all('institution', lang)];

export const searchIndex: SiteRoute = {
  id: 'search-index',
  pattern: '/:lang/search-index.json',
  type: 'application/json; charset=utf-8',
  list: () => LANGS.map((l) => urls.searchIndex(l)),
  async render(ctx, params, state) {
    const lang = langParam(params);
    const entries = await entriesOf(ctx, lang, state);
    // One entry a line: small diffs between exports, and no "</script>" issue (it is not inlined).
    return { body: `[\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`, deps: indexDeps(lang) };
  },
};

const HAN = /\p{Script=Han}/u;
/** Every traditional (or compatibility) Han character of the BMP and its simplified form, as the server folds it. */
let simplifiedOf: Map<string, string> | undefined;
function traditionalTable(): Map<string, string> {
  if (simplifiedOf) return simplifiedOf;
  simplifiedOf = new Map();
  for (const [from, to] of [[0x3400, 0x9fff], [0xf900, 0xfaff]] as const)
    for (let cp = from; cp <= to; cp++) {
      const c = String.fromCodePoint(cp);
      if (!HAN.test(c)) continue;
      const s = fold(c);
      if (s !== c && [...s].length === 1) simplifiedOf.set(c, s);
    }
  return simplifiedOf;
}

/**
 * The export's folding table: each traditional character whose simplified form occurs in the
 * language's index, and that form, so that the page's script folds a query as the server would
 * without shipping OpenCC's tables (a few kilobytes where those are hundreds).
 */
export const searchFold: SiteRoute = {
  id: 'search-fold',
  pattern: '/:lang/search-fold.json',
  type: 'application/json; charset=utf-8',
  list: () => LANGS.map((l) => urls.searchFold(l)),
  async render(ctx, params, state) {
    const lang = langParam(params);
    const used = new Set<string>();
    for (const e of await entriesOf(ctx, lang, state)) for (const c of fold(`${e[1]} ${e[4]}`)) if (HAN.test(c)) used.add(c);
    const table: Record<string, string> = {};
    for (const [t, s] of traditionalTable()) if (used.has(s)) table[t] = s;
    return { body: `${JSON.stringify(table)}\n`, deps: indexDeps(lang) };
  },
};

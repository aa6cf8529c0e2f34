// Search that needs no server: a page with a form, and per language an index of every visible
// article, page and institution (title, address, date, a short excerpt) that the page's script
// searches in the browser. The live site and the static export serve the same two files, so an
// export on a plain web server or a CDN can still be searched.
import { excerpt } from '../richtext/index.js';
import { LANGS, otherLang } from '../shared/lang.js';
import { urls } from '../shared/urls.js';
import { translator } from './i18n.js';
import { renderDocument } from './document.js';
import { langParam } from './params.js';
import type { SiteRoute } from './routes.js';
import { newsWindow } from './lists.js';
import { dep, list } from './state.js';
import { SearchPage } from './views/search.js';

/** One entry of the index: [kind, title, address, date or "", excerpt]. */
export type SearchEntry = [kind: 'a' | 'p' | 'i', title: string, url: string, date: string, text: string];

const EXCERPT = 140;
const CHUNK = 500;

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
      <SearchPage t={t} indexUrl={urls.searchIndex(lang)} script={ctx.assets.search} />,
    );
    return { body, deps: [dep.about(lang)] };
  },
};

export const searchIndex: SiteRoute = {
  id: 'search-index',
  pattern: '/:lang/search-index.json',
  type: 'application/json; charset=utf-8',
  list: () => LANGS.map((l) => urls.searchIndex(l)),
  async render(ctx, params, state) {
    const lang = langParam(params);
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
    // One entry a line: small diffs between exports, and no "</script>" issue (it is not inlined).
    return { body: `[\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`, deps: [dep.all('article', lang), dep.all('page', lang), dep.all('institution', lang)] };
  },
};

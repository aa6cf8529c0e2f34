// /sitemap.xml and /robots.txt. The sitemap lists every address the HTML routes list (what the
// export writes), so no page can be missing from it, each with the date its content last changed
// and its address in the other language. Past 50,000 addresses, the most one file may hold,
// /sitemap.xml becomes an index of /sitemaps/1.xml, /sitemaps/2.xml…
import { notFound } from '../shared/errors.js';
import { LANGS, type Lang } from '../shared/lang.js';
import { urls } from '../shared/urls.js';
import type { IndexRow } from '../workflow/index.js';
import { htmlLang } from './meta.js';
import type { SiteContext, SiteRoute } from './routes.js';
import { dep, loadSiteState, type ContentKind, type SiteState } from './state.js';
import { element, XML_DECLARATION, xmlText } from './xml.js';

/** The most addresses one sitemap file may list (sitemaps.org). */
export const SITEMAP_LIMIT = 50_000;
const XML_TYPE = 'application/xml; charset=utf-8';

export interface SitemapEntry {
  path: string;
  /** When what the page shows last changed (ISO); null when it shows nothing dated. */
  lastmod: string | null;
  /** The page's path in each language that has it; empty when only its own has it. */
  alternates: Partial<Record<Lang, string>>;
}

/** When an item last changed for a visitor: when it was saved, or when it came out (scheduled). */
export const changedAt = (r: { updatedAt: string; publishedAt: string | null }) => (r.publishedAt !== null && r.publishedAt > r.updatedAt ? r.publishedAt : r.updatedAt);

/** The newest change among the items a page shows. */
export function newest(rows: Iterable<{ updatedAt: string; publishedAt: string | null }>): string | null {
  let out: string | null = null;
  for (const r of rows) {
    const at = changedAt(r);
    if (out === null || at > out) out = at;
  }
  return out;
}

/** An item's paths in both languages when it has a translation (its page's hreflang links). */
export function alternatesOf(state: SiteState, kind: ContentKind, row: IndexRow, url: (lang: Lang, slug: string) => string): Partial<Record<Lang, string>> {
  const other = state.translationOf(kind, row.id);
  return other ? { [row.lang]: url(row.lang, row.slug), [other.lang]: url(other.lang, other.slug) } : {};
}

/** The sitemap's entries: every HTML route's, in the table's order. */
async function entriesOf(pages: readonly SiteRoute[], ctx: SiteContext, state: SiteState): Promise<SitemapEntry[]> {
  const out: SitemapEntry[] = [];
  for (const route of pages) {
    if (route.type) continue;
    if (route.sitemap) out.push(...route.sitemap(ctx, state));
    else for (const path of await route.list(ctx, state)) out.push({ path, lastmod: null, alternates: {} });
  }
  return out;
}

/** W3C date-time to the second, as sitemaps show it. */
const w3c = (iso: string) => iso.replace(/\.\d+Z$/, 'Z');

function urlset(baseUrl: string, entries: SitemapEntry[]): string {
  const lines = [XML_DECLARATION, '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'];
  for (const e of entries) {
    lines.push('<url>', element('loc', `${baseUrl}${e.path}`));
    if (e.lastmod) lines.push(element('lastmod', w3c(e.lastmod)));
    for (const [lang, path] of Object.entries(e.alternates) as [Lang, string][])
      lines.push(`<xhtml:link rel="alternate" hreflang="${htmlLang(lang)}" href="${xmlText(`${baseUrl}${path}`)}"/>`);
    lines.push('</url>');
  }
  lines.push('</urlset>', '');
  return lines.join('\n');
}

function sitemapIndex(baseUrl: string, parts: SitemapEntry[][]): string {
  const lines = [XML_DECLARATION, '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'];
  parts.forEach((part, i) => {
    const lastmod = part.map((e) => e.lastmod).reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);
    lines.push('<sitemap>', element('loc', `${baseUrl}${urls.sitemapPart(i + 1)}`), ...(lastmod ? [element('lastmod', w3c(lastmod))] : []), '</sitemap>');
  });
  lines.push('</sitemapindex>', '');
  return lines.join('\n');
}

function split<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * What every sitemap file depends on: each visible item's address, version and translation (the
 * lists' order and membership follow from the articles'), and the channels.
 */
const SITEMAP_DEPS = [...LANGS.flatMap((l) => [dep.all('article', l), dep.all('page', l), dep.all('institution', l)]), dep.channels()];

/** The sitemap routes over these HTML routes; `limit` addresses to a file (smaller in tests). */
export function sitemapRoutes(pages: readonly SiteRoute[], limit = SITEMAP_LIMIT): SiteRoute[] {
  // The list of parts and each part's render need the same split: made once per state and context
  // (an export lists the parts, then renders each of them).
  const made = new WeakMap<SiteState, WeakMap<SiteContext, Promise<SitemapEntry[][]>>>();
  const parts = (ctx: SiteContext, state: SiteState) => {
    let byCtx = made.get(state);
    if (!byCtx) made.set(state, (byCtx = new WeakMap()));
    let split_ = byCtx.get(ctx);
    if (!split_) byCtx.set(ctx, (split_ = entriesOf(pages, ctx, state).then((all) => split(all, limit))));
    return split_;
  };
  return [
    {
      id: 'sitemap',
      pattern: urls.sitemap(),
      type: XML_TYPE,
      list: () => [urls.sitemap()],
      async render(ctx, _params, state) {
        const all = await parts(ctx, state ?? (await loadSiteState(ctx.services)));
        return { body: all.length > 1 ? sitemapIndex(ctx.baseUrl, all) : urlset(ctx.baseUrl, all[0] ?? []), deps: SITEMAP_DEPS };
      },
    },
    {
      id: 'sitemap-part',
      pattern: '/sitemaps/:part(^\\d{1,6}).xml',
      type: XML_TYPE,
      async list(ctx, state) {
        const all = await parts(ctx, state);
        return all.length > 1 ? all.map((_, i) => urls.sitemapPart(i + 1)) : [];
      },
      async render(ctx, params, state) {
        const all = await parts(ctx, state ?? (await loadSiteState(ctx.services)));
        const part = all.length > 1 ? all[Number(params.part) - 1] : undefined;
        if (!part) throw notFound('SITEMAP_NOT_FOUND', `The sitemap has no part ${params.part}`);
        return { body: urlset(ctx.baseUrl, part), deps: SITEMAP_DEPS };
      },
    },
  ];
}

export const robotsRoute: SiteRoute = {
  id: 'robots',
  pattern: urls.robots(),
  type: 'text/plain; charset=utf-8',
  list: () => [urls.robots()],
  async render(ctx) {
    // A site published under a path prefix keeps its workspace under the same prefix.
    const prefix = new URL(ctx.baseUrl).pathname.replace(/\/$/, '');
    const body = ['User-agent: *', 'Allow: /', ...['/admin/', '/api/', '/preview/'].map((p) => `Disallow: ${prefix}${p}`), '', `Sitemap: ${ctx.baseUrl}${urls.sitemap()}`, ''].join('\n');
    return { body, deps: [] };
  },
};

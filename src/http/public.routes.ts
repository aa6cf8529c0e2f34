// Public pages: one Fastify route per entry of the site's route table, plus the language chooser.
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { langFromAcceptLanguage } from '../shared/lang.js';
import { urls } from '../shared/urls.js';
import type { Asset } from '../site/assets.js';
import { asElder, DISPLAY_COOKIE, DISPLAY_COOKIE_ATTRIBUTES, displayOf, inDisplay, safeBack, type Display } from '../site/display.js';
import type { LiveSite } from '../site/live.js';
import { cachedPage, chooseEncoding, etagFor, notModified, type CachedPage, type Encoding, type PageCache } from '../site/page-cache.js';
import { HTML_TYPE, renderArticle, siteRoutes, type SiteContext, type SiteRoute } from '../site/routes.js';

/**
 * Browsers check again after a minute (a 304 when nothing changed); a CDN in front may keep a page
 * five minutes, and serve it a day longer while Beiguan cannot answer.
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=60, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400';

/** Headers of a cached page in one encoding, worked out at its first request in it. */
type PageHeaders = Partial<Record<Encoding, Record<string, string>>>;
const HEADERS = new WeakMap<CachedPage, PageHeaders>();

function headersOf(page: CachedPage, encoding: Encoding, security: Readonly<Record<string, string>>): Record<string, string> {
  let known = HEADERS.get(page);
  if (!known) HEADERS.set(page, (known = {}));
  return (known[encoding] ??= {
    ...security,
    'content-type': page.type,
    'cache-control': PAGE_CACHE_CONTROL,
    // A page is sent in the display the visitor's cookie chose (display.ts).
    vary: page.type === HTML_TYPE ? 'Accept-Encoding, Cookie' : 'Accept-Encoding',
    etag: etagFor(page, encoding),
    ...(encoding !== 'identity' && { 'content-encoding': encoding }),
  });
}

/** Sends a page from the cache: 304 when the browser has it, else brotli, gzip or plain as accepted. */
async function sendPage(req: FastifyRequest, reply: FastifyReply, cache: PageCache, key: string, page: CachedPage, security: Readonly<Record<string, string>>) {
  const encoding = chooseEncoding(req.headers['accept-encoding']);
  return answer(req, reply, page, encoding, security, () => cache.encoded(key, page, encoding));
}

/** The page's headers, then 304 when the browser has it, else the body in `encoding`. */
function answer(req: FastifyRequest, reply: FastifyReply, page: CachedPage, encoding: Encoding, security: Readonly<Record<string, string>>, body: () => Buffer | Promise<Buffer>) {
  void reply.headers(headersOf(page, encoding, security));
  if (notModified(page, req.headers['if-none-match'])) return reply.code(304).removeHeader('content-encoding').send();
  // Synchronous when the body is at hand (the cached-page hook), awaited when it is still to be made.
  const made = body();
  return Buffer.isBuffer(made) ? reply.send(made) : made.then((b) => reply.send(b));
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The site route a public page's Fastify route serves. */
    sitePage?: SiteRoute;
  }
}

/** The cache holds a page's elder copy beside it, under its address and this suffix. */
const ELDER_KEY = '\u0000elder';

/** The cache key of the page at `path` in the display the request asks for (HTML pages only have two). */
const keyOf = (path: string, route: SiteRoute, display: Display) => (display === 'elder' && (route.type ?? HTML_TYPE) === HTML_TYPE ? path + ELDER_KEY : path);

/**
 * An onRequest hook, the app's first, that answers a public page the cache holds, in an encoding
 * already made, while the site's state needs no check: nothing else about such a request differs
 * from one visitor to the next. Any other request goes on its way through the other hooks.
 */
export function cachedPageHook(
  live: LiveSite,
  security: Readonly<Record<string, string>>,
  /** Sets the headers that differ per request (its id, HSTS). */
  perRequest: (req: FastifyRequest, reply: FastifyReply) => void,
): onRequestHookHandler {
  return (req, reply, done) => {
    const route = req.routeOptions.config.sitePage;
    if (!route || req.method !== 'GET') return done();
    const q = req.url.indexOf('?');
    if (q >= 0 && route.renderQuery) return done();
    if (!live.fresh()) return done();
    const key = keyOf(q >= 0 ? req.url.slice(0, q) : req.url, route, displayOf(req.headers.cookie));
    const page = live.cache.get(key);
    if (!page) return done();
    const encoding = chooseEncoding(req.headers['accept-encoding']);
    const body = encoding === 'identity' ? page.body : page[encoding];
    if (!body) return done();
    perRequest(req, reply);
    void answer(req, reply, page, encoding, security, () => body);
  };
}

export async function publicRoutes(app: FastifyInstance, { site, assets, live, security }: { site: SiteContext; assets: Asset[]; live: LiveSite; security: Readonly<Record<string, string>> }) {
  app.get('/', async (req, reply) => {
    const lang = langFromAcceptLanguage(req.headers['accept-language']);
    return reply.header('vary', 'Accept-Language').header('cache-control', 'no-cache').redirect(urls.home(lang), 302);
  });

  const serve = (route: SiteRoute) => async (req: FastifyRequest, reply: FastifyReply) => {
    // One entry per address: a query string does not make another page...
    const [path, query] = req.url.split('?') as [string, string | undefined];
    const display = displayOf(req.headers.cookie);
    const state = await live.current();
    // ...except on the routes that answer it, which are never cached.
    if (route.renderQuery && query !== undefined) {
      const answered = await route.renderQuery(site, req.params as Record<string, string>, new URLSearchParams(query), state);
      if (answered) return reply.type(route.type ?? HTML_TYPE).header('cache-control', 'no-store').header('vary', 'Cookie').send(inDisplay(answered.body, display));
    }
    const type = route.type ?? HTML_TYPE;
    const key = keyOf(path, route, display);
    let page = live.cache.get(key);
    if (!page) {
      // The elder copy is the standard page with one class more: made from it, never rendered twice.
      let standard = key === path ? undefined : live.cache.get(path);
      if (!standard) {
        const rendered = await route.render(site, req.params as Record<string, string>, state);
        standard = cachedPage(rendered.body, type, state.versions(rendered.deps));
      }
      page = key === path ? standard : cachedPage(asElder(standard.body.toString()), type, standard.deps);
      // A page rendered while the store changed under it is sent, not kept.
      if (live.isLatest(state)) {
        live.cache.set(path, standard);
        live.cache.set(key, page);
      }
    }
    return sendPage(req, reply, live.cache, key, page, security);
  };
  for (const route of siteRoutes) app.get(route.pattern, { config: { sitePage: route } }, serve(route));
  // "/en" and "/en/news" have one address each: the one with the trailing slash.
  for (const pattern of ['/:lang', '/:lang/news', '/:lang/institutions']) {
    app.get(pattern, async (req, reply) => {
      const { lang } = req.params as { lang: string };
      if (lang !== 'zh' && lang !== 'en') return reply.callNotFound();
      return reply.redirect(`${req.url.split('?')[0]}/`, 301);
    });
  }

  // The display switch (display.ts): a link, so that it works without script; the choice is the
  // visitor's own cookie, no state of the site, and a forged link can only change how pages look.
  app.get('/display', async (req, reply) => {
    const q = req.url.indexOf('?');
    const query = new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1));
    const elder = query.get('mode') === 'elder';
    const cookie = elder ? `${DISPLAY_COOKIE}=elder; ${DISPLAY_COOKIE_ATTRIBUTES}` : `${DISPLAY_COOKIE}=; ${DISPLAY_COOKIE_ATTRIBUTES.replace(/Max-Age=\d+/, 'Max-Age=0')}`;
    const home = urls.home(langFromAcceptLanguage(req.headers['accept-language']));
    return reply.header('set-cookie', cookie).header('cache-control', 'no-store').redirect(safeBack(query.get('back'), home), 303);
  });

  // Shared previews of drafts: the page as it will be, for whoever has the link, until it expires.
  app.get('/preview/:token', async (req, reply) => {
    const article = await site.services.newsWorkflow.resolvePreviewLink((req.params as { token: string }).token);
    if (!article) return reply.callNotFound();
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex, nofollow')
      .header('referrer-policy', 'no-referrer')
      .send(inDisplay(await renderArticle(site, article), displayOf(req.headers.cookie)));
  });

  for (const asset of assets) {
    app.get(asset.path, async (req, reply) => {
      void reply.type(asset.type).header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'Accept-Encoding');
      const encoding = asset.gzip ? chooseEncoding(req.headers['accept-encoding']) : 'identity';
      if (encoding === 'br' && asset.br) return reply.header('content-encoding', 'br').send(asset.br);
      if (encoding !== 'identity' && asset.gzip) return reply.header('content-encoding', 'gzip').send(asset.gzip);
      return reply.send(asset.body);
    });
  }
}

// The live page cache as browsers, CDNs and editors meet it: validators and compression, pages
// that change exactly when what they show changes (also when another process wrote it, or when a
// scheduled date passes), and a bound on memory.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type SiteChangeEvents } from '../../src/db/index.js';
import { createServices } from '../../src/app/services.js';
import { loadDemoIfEmpty } from '../../src/demo/index.js';
import { buildApp, liveSiteOf } from '../../src/http/server.js';
import { LiveSite } from '../../src/site/live.js';
import { apiCallers, articleInput, BASE_URL, testApp } from '../helpers/app.js';
import { env, freshServices, manualClock, testDialects } from '../helpers/store.js';

const pad = (n: number) => String(n).padStart(2, '0');

describe.each(testDialects())('page cache on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeEach(async () => {
    t = await testApp(dialect);
    await loadDemoIfEmpty(t.store, t.clock);
    for (let i = 1; i <= 12; i++) await t.services.news.upsertImported({ ...articleInput('en', `Story ${i}`, `2024-05-${pad(i)}T02:00:00.000Z`), legacyKey: `s-${i}` });
  });
  afterEach(() => t.close());

  it('answers 304 to a browser that has the page, and brotli or gzip to those that take it', async () => {
    const first = await t.app.inject('/en/news/story-4');
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toMatch(/public, max-age=60, s-maxage=300/);
    expect(first.headers.vary).toContain('Accept-Encoding');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await t.app.inject({ url: '/en/news/story-4', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const br = await t.app.inject({ url: '/en/news/story-4', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(first.body);
    expect(br.rawPayload.length).toBeLessThan(first.rawPayload.length / 2);
    const gz = await t.app.inject({ url: '/en/news/story-4', headers: { 'accept-encoding': 'gzip;q=1, br;q=0' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(first.body);
    // The compressed form's validator is its own, and still names the same page.
    expect(gz.headers.etag).not.toBe(etag);
    expect((await t.app.inject({ url: '/en/news/story-4', headers: { 'if-none-match': String(gz.headers.etag), 'accept-encoding': 'gzip' } })).statusCode).toBe(304);
  });

  it('renders again exactly the pages an edit changes and keeps serving the others', async () => {
    const pages = ['/en/', '/zh/', '/en/news/', '/en/news/page/2/', '/en/news/story-3', '/en/news/story-4', '/en/news/story-5', '/en/news/story-10', '/en/institutions/', '/en/about'];
    const etags = new Map<string, string>();
    for (const p of pages) etags.set(p, String((await t.app.inject(p)).headers.etag));
    const cache = liveSiteOf(t.app)!.cache;
    expect(cache.keys().sort()).toEqual([...pages].sort());

    await t.services.news.upsertImported({ ...articleInput('en', 'Story 4, corrected', '2024-05-04T02:00:00.000Z'), legacyKey: 's-4' });
    const edited = await t.app.inject('/en/news/story-4');
    expect(edited.body).toContain('Story 4, corrected');
    // Dropped: the story, its two neighbours and the news page that lists it (stories 12 to 3).
    // Kept: the home pages (stories 12 to 8), the second news page and everything else.
    expect(cache.keys().sort()).toEqual(['/en/', '/zh/', '/en/news/page/2/', '/en/news/story-4', '/en/news/story-10', '/en/institutions/', '/en/about'].sort());
    expect((await t.app.inject('/en/news/story-5')).body).toContain('Story 4, corrected');
    expect((await t.app.inject('/en/news/story-3')).body).toContain('Story 4, corrected');
    expect((await t.app.inject('/en/news/')).body).toContain('Story 4, corrected');
    for (const p of ['/en/', '/zh/', '/en/news/page/2/', '/en/news/story-10', '/en/institutions/', '/en/about']) {
      const res = await t.app.inject({ url: p, headers: { 'if-none-match': etags.get(p)! } });
      expect(res.statusCode, p).toBe(304);
    }
  });

  it('shows a change written outside its own requests (on PostgreSQL, by another connection)', async () => {
    expect((await t.app.inject('/en/')).body).not.toContain('From the importer');
    // A second connection, as `beiguan import` run beside the server would open.
    const other = dialect === 'sqlite' ? undefined : await openStore({ kind: 'postgres', url: env.pgUrl! }, { pgSchema: t.store.schema, poolSize: 1 });
    try {
      const services = other ? createServices(other.db, t.clock) : t.services;
      await services.news.create(articleInput('en', 'From the importer', '2024-06-01T02:00:00.000Z'));
    } finally {
      await other?.close();
    }
    expect((await t.app.inject('/en/')).body).toContain('From the importer');
  });

  it('answers a page it holds as it did the first time, and sees a change at once after a request that wrote', async () => {
    const live = new LiveSite(t.services, t.store.db, { pollMs: 60_000 });
    const app = await buildApp({ store: t.store, services: t.services, baseUrl: BASE_URL, live });
    try {
      const first = await app.inject('/en/news/story-4');
      const again = await app.inject('/en/news/story-4');
      // Only the date and the request's own id differ.
      const { date: _first, 'x-request-id': firstId, ...sent } = first.headers;
      const { date: _again, 'x-request-id': againId, ...resent } = again.headers;
      expect(againId).not.toBe(firstId);
      expect(resent).toEqual(sent);
      expect(again.body).toBe(first.body);
      expect(again.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(again.headers['x-content-type-options']).toBe('nosniff');
      expect((await app.inject({ url: '/en/news/story-4', headers: { 'if-none-match': String(first.headers.etag) } })).statusCode).toBe(304);
      await app.inject({ url: '/en/news/story-4', headers: { 'accept-encoding': 'br' } });
      const br = await app.inject({ url: '/en/news/story-4', headers: { 'accept-encoding': 'br' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(first.body);
      // The importer writes beside the server: it shows at the next poll, or as soon as a request
      // through the server may have changed something.
      await t.services.news.upsertImported({ ...articleInput('en', 'Story 4, corrected', '2024-05-04T02:00:00.000Z'), legacyKey: 's-4' });
      const call = await apiCallers({ app, services: t.services }, ['publisher']);
      expect((await call('publisher', 'POST', '/api/v1/articles', { lang: 'en', title: 'A draft', bodyHtml: '<p>x</p>' })).statusCode).toBe(201);
      expect((await app.inject('/en/news/story-4')).body).toContain('Story 4, corrected');
    } finally {
      await app.close();
    }
  });

  it('relies on the store telling of changes while it does, and reads it every poll when the telling is lost', async () => {
    const live = new LiveSite(t.services, t.store.db, { pollMs: 100, toldPollMs: 3_600_000 });
    const app = await buildApp({ store: t.store, services: t.services, baseUrl: BASE_URL, live });
    let events: SiteChangeEvents | undefined;
    live.start({ watch: (e) => ((events = e), { close: async () => undefined }) });
    const page = async () => (await app.inject('/en/news/story-4')).body;
    const seen = async (text: string) => {
      for (const end = Date.now() + 5_000; !(await page()).includes(text); await new Promise((r) => setTimeout(r, 20)))
        if (Date.now() > end) throw new Error(`not seen: ${text}`);
    };
    try {
      events!.listening();
      expect(await page()).not.toContain('corrected');
      // Written beside the server: while the store tells of changes, it is not read until told.
      await t.services.news.upsertImported({ ...articleInput('en', 'Story 4, corrected', '2024-05-04T02:00:00.000Z'), legacyKey: 's-4' });
      await new Promise((r) => setTimeout(r, 300));
      expect(await page()).not.toContain('corrected');
      events!.changed();
      await seen('Story 4, corrected');
      // Not told any more (the connection dropped): found by reading the store every poll.
      events!.lost(new Error('connection reset'), 1000);
      await t.services.news.upsertImported({ ...articleInput('en', 'Story 4, corrected twice', '2024-05-04T02:00:00.000Z'), legacyKey: 's-4' });
      await seen('Story 4, corrected twice');
    } finally {
      await live.stop();
      await app.close();
    }
  });

  it('publishes a dated article when its time comes, without anyone saving', async () => {
    const clock = manualClock('2024-06-01T00:00:00.000Z');
    const { store, services } = await freshServices(dialect, clock);
    const app = await buildApp({ store, services, baseUrl: BASE_URL, live: new LiveSite(services, store.db, { pollMs: 60_000 }) });
    try {
      await services.news.create(articleInput('en', 'Due at noon', '2024-06-01T04:00:00.000Z'));
      expect((await app.inject('/en/news/')).body).not.toContain('Due at noon');
      clock.advance(5 * 3600_000);
      expect((await app.inject('/en/news/')).body).toContain('Due at noon');
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('keeps within its bound, dropping the least recently used pages', async () => {
    const live = new LiveSite(t.services, t.store.db, { pollMs: 0, cacheBytes: 30_000 });
    const app = await buildApp({ store: t.store, services: t.services, baseUrl: BASE_URL, live });
    try {
      for (let i = 1; i <= 12; i++) await app.inject(`/en/news/story-${i}`);
      expect(live.cache.usedBytes).toBeLessThanOrEqual(30_000);
      expect(live.cache.size).toBeGreaterThan(0);
      expect(live.cache.keys()).toContain('/en/news/story-12');
      expect(live.cache.keys()).not.toContain('/en/news/story-1');
    } finally {
      await app.close();
    }
  });
});

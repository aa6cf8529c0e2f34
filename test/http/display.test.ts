// The elder-friendly display as visitors meet it without any script: a link turns it on, a cookie
// remembers it, every page (cached or not, found or not) comes in it until the link turns it off.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../../src/demo/index.js';
import { articleInput, testApp } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

const ELDER = { cookie: 'theme=x; bg_display=elder; other=1' };
const isElder = (body: string) => /^<!doctype html><html class="elder" lang="/.test(body);
const isStandard = (body: string) => /^<!doctype html><html lang="/.test(body);

describe.each(testDialects())('elder-friendly display on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeEach(async () => {
    t = await testApp(dialect);
    await loadDemoIfEmpty(t.store, t.clock);
    await t.services.news.upsertImported({ ...articleInput('en', 'Telescope week', '2024-03-01T02:00:00.000Z'), slug: 'telescope-week', legacyKey: 'tw' });
  });
  afterEach(() => t.close());

  it('is switched on and off by a link that sets a year-long cookie and comes back to the page', async () => {
    const page = await t.app.inject('/en/news/telescope-week');
    const link = /<a class="display-switch display-to-elder" href="([^"]+)"/.exec(page.body)![1]!.replaceAll('&amp;', '&');
    expect(link).toBe('/display?mode=elder&back=/en/news/telescope-week');
    const on = await t.app.inject(link);
    expect(on.statusCode).toBe(303);
    expect(on.headers.location).toBe('/en/news/telescope-week');
    expect(on.headers['set-cookie']).toBe('bg_display=elder; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly');
    expect(on.headers['cache-control']).toBe('no-store');
    const off = await t.app.inject('/display?mode=standard&back=/en/');
    expect(off.statusCode).toBe(303);
    expect(off.headers.location).toBe('/en/');
    expect(off.headers['set-cookie']).toMatch(/^bg_display=; Path=\/; Max-Age=0;/);
  });

  it('never sends the visitor off the site, whatever the link says', async () => {
    const hostile = ['//evil.example/', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/en/\r\nSet-Cookie: admin=1', 'en/', '', `/${'x'.repeat(5000)}`];
    for (const back of hostile) {
      const res = await t.app.inject({ url: `/display?mode=elder&back=${encodeURIComponent(back)}`, headers: { 'accept-language': 'en' } });
      expect(res.statusCode, back).toBe(303);
      expect(res.headers.location, back).toBe('/en/');
    }
    expect((await t.app.inject('/display?mode=elder')).headers.location).toBe('/zh/');
    // A page's own address in Chinese characters comes back encoded, as a Location must be.
    const zh = await t.app.inject(`/display?mode=elder&back=${encodeURIComponent('/zh/news/北京')}`);
    expect(zh.headers.location).toBe('/zh/news/%E5%8C%97%E4%BA%AC');
  });

  it('serves every kind of page in the display the cookie asks for, each with its own validator', async () => {
    const pages = ['/en/', '/zh/', '/en/news/', '/en/news/telescope-week', '/en/institutions/', '/zh/institutions/', '/en/about', '/en/search', '/en/search?q=telescope'];
    for (const p of pages) {
      // Twice each, in turn: the page cache keeps both copies apart.
      for (let round = 0; round < 2; round++) {
        const standard = await t.app.inject(p);
        const elder = await t.app.inject({ url: p, headers: ELDER });
        expect(standard.statusCode, p).toBe(200);
        expect(isStandard(standard.body), p).toBe(true);
        expect(isElder(elder.body), p).toBe(true);
        // The same page but for the class.
        expect(elder.body.replace('<html class="elder" ', '<html '), p).toBe(standard.body);
        expect(elder.headers.vary, p).toMatch(/Cookie/);
        if (!p.includes('?')) expect(elder.headers.etag, p).not.toBe(standard.headers.etag);
      }
    }
    // A browser that kept the standard page and now sends the cookie gets the elder one, not a 304.
    const standard = await t.app.inject('/en/news/telescope-week');
    const revalidated = await t.app.inject({ url: '/en/news/telescope-week', headers: { ...ELDER, 'if-none-match': String(standard.headers.etag) } });
    expect(revalidated.statusCode).toBe(200);
    expect(isElder(revalidated.body)).toBe(true);
    expect((await t.app.inject({ url: '/en/news/telescope-week', headers: { ...ELDER, 'if-none-match': String(revalidated.headers.etag) } })).statusCode).toBe(304);
    // Pages that are not HTML do not vary.
    const feed = await t.app.inject({ url: '/en/feed.xml', headers: ELDER });
    expect(feed.headers.vary).toBe('Accept-Encoding');
  });

  it('shows an edit in both displays at once', async () => {
    await t.app.inject({ url: '/en/news/telescope-week', headers: ELDER });
    await t.app.inject('/en/news/telescope-week');
    await t.services.news.upsertImported({ ...articleInput('en', 'Telescope fortnight', '2024-03-01T02:00:00.000Z'), slug: 'telescope-week', legacyKey: 'tw' });
    const elder = await t.app.inject({ url: '/en/news/telescope-week', headers: ELDER });
    const standard = await t.app.inject('/en/news/telescope-week');
    expect(isElder(elder.body) && elder.body.includes('Telescope fortnight')).toBe(true);
    expect(isStandard(standard.body) && standard.body.includes('Telescope fortnight')).toBe(true);
  });

  it('keeps the query of a search in the way back, its own escapes included, and the display on pages that are not found', async () => {
    const switchOf = (html: string) => /<a class="display-switch display-to-elder" href="([^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&');
    const on = await t.app.inject(switchOf((await t.app.inject('/en/search?q=telescope&type=article')).body));
    expect(on.headers.location).toBe('/en/search?q=telescope&type=article');
    // Words with &, + and # in them come back the same words.
    const query = 'R&D C++ #tag 100%';
    const back = (await t.app.inject(switchOf((await t.app.inject(`/en/search?q=${encodeURIComponent(query)}`)).body))).headers.location as string;
    expect(new URL(back, 'http://x').searchParams.get('q')).toBe(query);
    expect((await t.app.inject({ url: back, headers: ELDER })).body).toContain(`value="R&amp;D C++ #tag 100%"`);
    const missing = await t.app.inject({ url: '/en/nowhere', headers: ELDER });
    expect(missing.statusCode).toBe(404);
    expect(isElder(missing.body)).toBe(true);
    expect(missing.headers.vary).toBe('Cookie');
    expect(isStandard((await t.app.inject('/en/nowhere')).body)).toBe(true);
  });
});

import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationStatus } from '../../src/db/index.js';
import { buildApp } from '../../src/http/server.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import { articleInput, BASE_URL, testApp } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

/** The text content of every element matching a simple selector, from HTML (tests only). */
function textOf(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(pattern)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
}

describe.each(testDialects())('public site on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeEach(async () => {
    t = await testApp(dialect);
  });
  afterEach(() => t.close());

  it('sends / to the language the browser prefers, Chinese by default', async () => {
    const cases: [string | undefined, string][] = [
      [undefined, '/zh/'],
      ['en-GB,en;q=0.9', '/en/'],
      ['zh-CN,zh;q=0.9,en;q=0.8', '/zh/'],
      ['fr-FR, en;q=0.5', '/en/'],
      ['de', '/zh/'],
    ];
    for (const [header, location] of cases) {
      const res = await t.app.inject({ url: '/', headers: header ? { 'accept-language': header } : {} });
      expect(res.statusCode, String(header)).toBe(302);
      expect(res.headers.location).toBe(location);
      expect(res.headers.vary).toContain('Accept-Language');
    }
  });

  it('renders the home page per language with lang, title, description and canonical', async () => {
    await t.services.news.create(articleInput('en', 'Planetarium opens a new hall', '2024-05-01T02:00:00.000Z'));
    for (const lang of ['zh', 'en'] as const) {
      const res = await t.app.inject(`/${lang}/`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toMatch(new RegExp(`<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"`));
      expect(res.body).toContain(`<link rel="canonical" href="${BASE_URL}/${lang}/"/>`);
      expect(res.body).toMatch(/<meta name="description" content="[^"]+"/);
      expect(res.body).toMatch(/<title>[^<]+<\/title>/);
      expect(res.body).toContain('<main id="main"');
      expect(res.body).toContain('href="#main"');
    }
    expect((await t.app.inject('/en/')).body).toContain('Planetarium opens a new hall');
    expect((await t.app.inject('/zh/')).body).not.toContain('Planetarium opens a new hall');
  });

  it('lists the directory in the old order; an entry without profile has no link', async () => {
    const { institutions } = t.services;
    await institutions.create({ lang: 'en', position: 2, name: 'Foreign Affairs Office', profile: null });
    await institutions.create({ lang: 'en', position: 1, name: 'The Academy', profile: docFromParagraphs(['About the Academy.']) });
    await institutions.create({ lang: 'en', position: 3, name: 'Beijing Planetarium', profile: docFromParagraphs(['Opened in 1957.']) });
    const res = await t.app.inject('/en/institutions/');
    expect(res.statusCode).toBe(200);
    const items = textOf(res.body, /<li id="institution-\d+"[^>]*>([\s\S]*?)<\/li>/g);
    expect(items.map((s) => s.replace(/\s+/g, ' '))).toEqual([
      '1The Academy',
      '2Foreign Affairs Office (No profile yet)',
      '3Beijing Planetarium',
    ]);
    expect(res.body).toContain('href="/en/institutions/beijing-planetarium"');
    expect(res.body).not.toContain('href="/en/institutions/foreign-affairs-office"');
    const profile = await t.app.inject('/en/institutions/beijing-planetarium');
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('<p>Opened in 1957.</p>');
    expect(profile.body).toContain('<h1>Beijing Planetarium</h1>');
  });

  it('paginates news newest first, undated articles last, with one address per page', async () => {
    for (let i = 1; i <= 12; i++) {
      await t.services.news.create(articleInput('en', `Dated story ${i}`, `2024-01-${String(i).padStart(2, '0')}T02:00:00.000Z`));
    }
    await t.services.news.create(articleInput('en', 'Story without a date', null));
    const first = await t.app.inject('/en/news/');
    const titles = textOf(first.body, /<h2 class="news-title">([\s\S]*?)<\/h2>/g);
    expect(titles).toEqual(Array.from({ length: 10 }, (_, i) => `Dated story ${12 - i}`));
    expect(first.body).toContain('href="/en/news/page/2/"');
    const second = await t.app.inject('/en/news/page/2/');
    expect(textOf(second.body, /<h2 class="news-title">([\s\S]*?)<\/h2>/g)).toEqual(['Dated story 2', 'Dated story 1', 'Story without a date']);
    expect((await t.app.inject('/en/news/page/3/')).statusCode).toBe(404);
    expect((await t.app.inject('/en/news/page/1/')).statusCode).toBe(404);
    expect((await t.app.inject('/en/news/page/x/')).statusCode).toBe(404);
  });

  it('shows an article with its date and neighbours from publication order', async () => {
    await t.services.news.create(articleInput('en', 'Older story', '2024-03-01T02:00:00.000Z'));
    await t.services.news.create(articleInput('en', 'Middle story', '2024-03-02T02:00:00.000Z', ['First paragraph.', 'Second paragraph.']));
    await t.services.news.create(articleInput('en', 'Newer story', '2024-03-03T02:00:00.000Z'));
    const res = await t.app.inject('/en/news/middle-story');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Middle story</h1>');
    expect(res.body).toContain('<time datetime="2024-03-02T02:00:00.000Z">');
    expect(res.body).toContain('March 2, 2024');
    expect(res.body).toMatch(/<p>First paragraph\.<\/p><p>Second paragraph\.<\/p>/);
    expect(res.body).toContain('<a class="neighbour-title" href="/en/news/older-story" rel="prev">Older story</a>');
    expect(res.body).toContain('<a class="neighbour-title" href="/en/news/newer-story" rel="next">Newer story</a>');
  });

  it("keeps an imported article's own neighbours: linked when present, plain text otherwise", async () => {
    await t.services.news.create(articleInput('en', 'The one before', '2020-01-01T00:00:00.000Z'));
    await t.services.news.upsertImported({
      ...articleInput('en', 'Imported story', null),
      legacyKey: 'file:x',
      legacyPrevTitle: 'The one before',
      legacyNextTitle: 'A story that never came across',
    });
    const res = await t.app.inject('/en/news/imported-story');
    expect(res.body).toContain('<a class="neighbour-title" href="/en/news/the-one-before" rel="prev">The one before</a>');
    expect(res.body).toContain('<span class="neighbour-title">A story that never came across</span>');
    expect(res.body).not.toContain('<time');
  });

  it('switches language to the translation when there is one, else to the other home page, which says so', async () => {
    const zh = await t.services.news.create(articleInput('zh', '科学院与学校签约', '2024-03-02T02:00:00.000Z'));
    const en = await t.services.news.create(articleInput('en', 'Academy and school sign', '2024-03-02T02:00:00.000Z'));
    const alone = await t.services.news.create(articleInput('en', 'Only in English', '2024-03-03T02:00:00.000Z'));
    await t.services.news.linkTranslations(zh, en);
    const zhPage = await t.app.inject(`/zh/news/${zh.slug}`);
    expect(zh.slug).toBe('ke-xue-yuan-yu-xue-xiao-qian-yue');
    expect(zhPage.body).toContain(`class="lang-switch" href="/en/news/${en.slug}"`);
    expect(zhPage.body).toContain(`<link rel="alternate" hreflang="en" href="${BASE_URL}/en/news/${en.slug}"/>`);
    const enPage = await t.app.inject(`/en/news/${en.slug}`);
    expect(enPage.body).toContain(`class="lang-switch" href="/zh/news/${zh.slug}"`);
    const alonePage = await t.app.inject(`/en/news/${alone.slug}`);
    expect(alonePage.body).toContain('class="lang-switch" href="/zh/#no-translation"');
    expect(alonePage.body).not.toContain('hreflang="zh-CN" href="https');
    // The notice is part of the home page (one cacheable file) and shown by CSS only when targeted.
    const zhHome = await t.app.inject('/zh/');
    expect(zhHome.body).toContain('<p id="no-translation" class="notice notice-untranslated" role="note">您刚才浏览的页面没有中文版。这里是中文网站的首页。</p>');
    const css = await t.app.inject((zhHome.body.match(/<link rel="stylesheet" href="([^"]+)"/) ?? [])[1]!);
    expect(css.body).toContain('.notice-untranslated:target { display: block; }');
    // A list has its counterpart in the other language: the switch goes there.
    expect((await t.app.inject('/en/news/')).body).toContain('class="lang-switch" href="/zh/news/"');
  });

  it("switches an institution's news to its translation's news, or to its profile while that has none", async () => {
    const zh = await t.services.institutions.create({ lang: 'zh', position: 1, name: '北京天文馆', profile: docFromParagraphs(['一九五七年开馆。']) });
    const en = await t.services.institutions.create({ lang: 'en', position: 1, name: 'Beijing Planetarium', profile: docFromParagraphs(['Opened in 1957.']) });
    await t.services.news.create({ ...articleInput('zh', '天文馆开放日', '2024-03-02T02:00:00.000Z'), institutionIds: [zh.id] });
    const zhNews = `/zh/institutions/${zh.slug}/news/`;
    // Alone, the list has no counterpart: the other home says so (and the page is cached now).
    expect((await t.app.inject(zhNews)).body).toContain('class="lang-switch" href="/en/#no-translation"');
    await t.services.institutions.linkTranslations(zh, en);
    const toProfile = await t.app.inject(zhNews);
    expect(toProfile.body).toContain(`class="lang-switch" href="/en/institutions/${en.slug}"`);
    expect(toProfile.body).not.toContain('<link rel="alternate" hreflang="en"');
    await t.services.news.create({ ...articleInput('en', 'Planetarium open day', '2024-03-02T02:00:00.000Z'), institutionIds: [en.id] });
    const toNews = await t.app.inject(zhNews);
    expect(toNews.body).toContain(`class="lang-switch" href="/en/institutions/${en.slug}/news/"`);
    expect(toNews.body).toContain(`<link rel="alternate" hreflang="en" href="${BASE_URL}/en/institutions/${en.slug}/news/"/>`);
    expect((await t.app.inject(`/en/institutions/${en.slug}/news/`)).body).toContain(`class="lang-switch" href="${zhNews}"`);
  });

  it('links the first mention of each of its institutions in an article to the profile, escaped', async () => {
    const planetarium = await t.services.institutions.create({ lang: 'zh', position: 1, name: '北京天文馆', profile: null });
    const other = await t.services.institutions.create({ lang: 'zh', position: 2, name: '北京市科学技术研究院', profile: null });
    await t.services.news.create({
      ...articleInput('zh', '天文馆开放日', '2024-03-02T02:00:00.000Z', ['<b>北京天文馆</b>举办开放日，北京天文馆的观众很多。', '北京市科学技术研究院参加。']),
      institutionIds: [planetarium.id, other.id],
    });
    const { body } = await t.app.inject('/zh/news/tian-wen-guan-kai-fang-ri');
    const prose = body.slice(body.indexOf('<div class="prose">'));
    expect(prose).toContain(`<p>&lt;b><a href="/zh/institutions/${planetarium.slug}">北京天文馆</a>&lt;/b>举办开放日，北京天文馆的观众很多。</p>`);
    expect(prose).toContain(`<p><a href="/zh/institutions/${other.slug}">北京市科学技术研究院</a>参加。</p>`);
    // An article that names an institution is linked to it on save (institution-mentions.test.ts
    // has the links an editor removed, which stay plain text).
    await t.services.news.create(articleInput('zh', '另一条', '2024-03-03T02:00:00.000Z', ['北京天文馆']));
    expect((await t.app.inject('/zh/news/ling-yi-tiao')).body).toContain(`<div class="prose"><p><a href="/zh/institutions/${planetarium.slug}">北京天文馆</a></p></div>`);
  });

  it('escapes titles and text: markup in content stays text', async () => {
    await t.services.news.create(articleInput('en', 'Tom & Jerry <script>alert(1)</script>', '2024-01-01T00:00:00.000Z', ['“Quotes” & <b>tags</b> stay text']));
    const res = await t.app.inject('/en/news/tom-and-jerry-script-alert-1-script');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>');
    expect(res.body).toContain('Tom &amp; Jerry &lt;script>alert(1)&lt;/script>');
    expect(res.body).toContain('<p>“Quotes” &amp; &lt;b>tags&lt;/b> stay text</p>');
  });

  it('answers unknown pages with a 404 in the visitor\'s language', async () => {
    const en = await t.app.inject('/en/no-such-page');
    expect(en.statusCode).toBe(404);
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('Page not found');
    // Nothing here lacks a translation: the switch goes to the other home, without its notice.
    expect(en.body).toContain('class="lang-switch" href="/zh/"');
    const zh = await t.app.inject('/zh/news/no-such-article');
    expect(zh.statusCode).toBe(404);
    expect(zh.body).toContain('页面未找到');
    const bare = await t.app.inject({ url: '/nothing/here', headers: { 'accept-language': 'en-US' } });
    expect(bare.statusCode).toBe(404);
    expect(bare.body).toContain('Page not found');
    expect((await t.app.inject('/fr/')).statusCode).toBe(404);
  });

  it('serves the About page and the hashed stylesheet with long caching', async () => {
    await t.services.pages.create({ lang: 'en', slug: 'about', title: 'About the Academy', body: docFromParagraphs(['Founded in 1984.']), status: 'published' });
    const about = await t.app.inject('/en/about');
    expect(about.statusCode).toBe(200);
    expect(about.body).toContain('Founded in 1984.');
    const css = about.body.match(/<link rel="stylesheet" href="([^"]+)"/)![1]!;
    const res = await t.app.inject(css);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/css');
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('redirects old addresses permanently and reports health', async () => {
    await t.services.redirects.fromLegacy('/Html/Article/20200409/123.html', '/en/news/x');
    const old = await t.app.inject('/Html/Article/20200409/123.html');
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/en/news/x');
    const health = await t.app.inject('/healthz');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', store: dialect });
  });

  it('is ready only with exactly the schema it knows: not with a migration pending, nor with one from a newer version', async () => {
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', store: dialect, migrations: { pending: [], unknown: [] } });
    const bookkeeping = (t.store.schema ? `${t.store.schema}.kysely_migration` : 'kysely_migration') as 'kysely_migration';
    const db = t.store.db as unknown as Kysely<{ kysely_migration: { name: string; timestamp: string } }>;
    const last = (await migrationStatus(t.store)).applied.at(-1)!;
    await db.deleteFrom(bookkeeping).where('name', '=', last).execute();
    const pending = await t.app.inject('/readyz');
    expect(pending.statusCode).toBe(503);
    expect(pending.json().migrations.pending).toEqual([last]);
    await db.insertInto(bookkeeping).values([{ name: last, timestamp: new Date().toISOString() }, { name: '9999_from_the_future', timestamp: new Date().toISOString() }]).execute();
    const newer = await t.app.inject('/readyz');
    expect(newer.statusCode).toBe(503);
    expect(newer.json().migrations).toMatchObject({ pending: [], unknown: ['9999_from_the_future'] });
  });

  it('is not ready once it is shutting down, so that a load balancer stops sending to it', async () => {
    let draining = false;
    const app = await buildApp({ store: t.store, services: t.services, baseUrl: BASE_URL, isDraining: () => draining });
    try {
      expect((await app.inject('/readyz')).statusCode).toBe(200);
      draining = true;
      const res = await app.inject('/readyz');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'draining' });
      expect((await app.inject('/healthz')).statusCode).toBe(200); // alive all the same: requests in flight finish
    } finally {
      await app.close();
    }
  });

  it('answers odd addresses with the 404 page, never a 500 or raw JSON', async () => {
    for (const url of ['/en/news/%00', '/en/institutions/%00', '/en/%00', `/en/news/${'a'.repeat(250)}`, '/en/%', '/zh/news/%E4%B8']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.headers['content-type'], url).toContain('text/html');
    }
  });

  it('links to About only in a language that has the page', async () => {
    await t.services.pages.create({ lang: 'en', slug: 'about', title: 'About', body: docFromParagraphs(['x']), status: 'published' });
    expect((await t.app.inject('/en/')).body).toContain('href="/en/about"');
    expect((await t.app.inject('/zh/')).body).not.toContain('href="/zh/about"');
  });

  it('shows the time of day only when the old page gave one', async () => {
    await t.services.news.create(articleInput('en', 'Day only', '2021-03-04T16:00:00.000Z')); // 5 March, 00:00 in Beijing
    await t.services.news.create(articleInput('en', 'With time', '2021-03-05T01:30:00.000Z'));
    expect((await t.app.inject('/en/news/day-only')).body).toMatch(/<time datetime="2021-03-04T16:00:00.000Z">March 5, 2021<\/time>/);
    expect((await t.app.inject('/en/news/with-time')).body).toMatch(/<time datetime="2021-03-05T01:30:00.000Z">March 5, 2021 at 9:30 AM<\/time>/);
  });

  it('sends security headers and no third-party origins', async () => {
    const res = await t.app.inject('/en/');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).not.toMatch(/(src|href)="(https?:)?\/\/(?!www\.example\.test)/);
  });
});

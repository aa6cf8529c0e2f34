// What visitors get at old and moved addresses, on every store: a changed slug keeps its old
// address working (301, at once, also where a route matches the address), content taken down
// answers 410 in the visitor's language, and a page published at an address always wins.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSchedules } from '../../src/app/scheduler.js';
import { inTransaction } from '../../src/app/services.js';
import type { Actor } from '../../src/people/index.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import { apiCallers, testApp } from '../helpers/app.js';
import { manualClock, testDialects } from '../helpers/store.js';

const PASSWORD = 'Copper-Meadow-Signal-73';
const HOUR = 3600_000;
const quietLog = { info: () => {}, error: () => {} };

describe.each(testDialects())('old and moved addresses on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let clock: ReturnType<typeof manualClock>;
  let admin: Actor;
  beforeEach(async () => {
    clock = manualClock();
    t = await testApp(dialect, { clock });
    const u = await t.services.auth.addUser({ name: 'chief', role: 'administrator', password: PASSWORD });
    admin = { id: u.id, name: u.name, role: u.role, locale: u.locale };
  });
  afterEach(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
  /** Through the workflow, in a transaction, as the workspace and the API do it. */
  const tx = <T,>(work: (s: typeof t.services) => Promise<T>) => inTransaction(t.store, t.clock, work);
  async function publishedArticle(title: string, slug?: string) {
    const a = await tx((s) => s.newsWorkflow.create(admin, { lang: 'en', title, slug, body: docFromParagraphs([`Text of ${title}.`]) }));
    for (const to of ['in_review', 'approved', 'published'] as const) await tx((s) => s.newsWorkflow.transition(admin, a.id, { to }));
    return (await t.services.newsWorkflow.get(admin, a.id))!;
  }
  const rename = (id: number, slug: string) =>
    tx(async (s) => s.newsWorkflow.update(admin, id, { slug }, (await s.newsWorkflow.get(admin, id)).revision));

  it('keeps a changed slug\'s old address working at once, though the news route matches it', async () => {
    const a = await publishedArticle('Open Day at the Planetarium');
    expect((await get('/en/news/open-day-at-the-planetarium')).statusCode).toBe(200); // now in the page cache
    await t.services.redirects.fromLegacy('/Html/Article/20200409/77.html', '/en/news/open-day-at-the-planetarium');

    await rename(a.id, 'planetarium-open-day');
    const old = await get('/en/news/open-day-at-the-planetarium?utm=mail');
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/en/news/planetarium-open-day');
    expect((await t.app.inject({ method: 'HEAD', url: '/en/news/open-day-at-the-planetarium' })).statusCode).toBe(301);
    expect((await get('/en/news/planetarium-open-day')).statusCode).toBe(200);
    // The old site's address leads straight to the new one: one hop.
    expect((await get('/Html/Article/20200409/77.html')).headers.location).toBe('/en/news/planetarium-open-day');

    // Back to the first slug: the page wins again, and nothing loops.
    await rename(a.id, 'open-day-at-the-planetarium');
    expect((await get('/en/news/open-day-at-the-planetarium')).statusCode).toBe(200);
    expect((await get('/en/news/planetarium-open-day')).headers.location).toBe('/en/news/open-day-at-the-planetarium');
    expect(await t.services.redirects.listAll()).toEqual([
      { from: '/en/news/planetarium-open-day', to: '/en/news/open-day-at-the-planetarium', status: 301 },
      { from: '/html/article/20200409/77.html', to: '/en/news/open-day-at-the-planetarium', status: 301 },
    ]);
  });

  it('redirects a slug changed through the API, but not the slug of a draft nobody saw', async () => {
    const call = await apiCallers(t, ['publisher'] as const);
    const a = await publishedArticle('Lecture on Comets');
    const patched = await call('publisher', 'PATCH', `/api/v1/articles/${a.id}`, { revision: a.revision, slug: 'comet-lecture' });
    expect(patched.statusCode).toBe(200);
    expect((await get('/en/news/lecture-on-comets')).headers.location).toBe('/en/news/comet-lecture');

    const draft = await tx((s) => s.newsWorkflow.create(admin, { lang: 'en', title: 'Unseen', body: docFromParagraphs(['Draft.']) }));
    await rename(draft.id, 'still-unseen');
    expect((await get('/en/news/unseen')).statusCode).toBe(404);
    expect(await t.services.redirects.listAll()).toHaveLength(1);
  });

  it('answers 410 in the visitor\'s language for an article taken down, and the page again once it is back', async () => {
    const a = await publishedArticle('Spring Festival Exhibition');
    await tx((s) => s.newsWorkflow.transition(admin, a.id, { to: 'unpublished' }));
    const gone = await get('/en/news/spring-festival-exhibition');
    expect(gone.statusCode).toBe(410);
    expect(gone.headers['content-type']).toContain('text/html');
    expect(gone.body).toContain('Content removed');
    expect(gone.body).toContain('class="lang-switch" href="/zh/"');
    expect((await t.app.inject({ method: 'HEAD', url: '/en/news/spring-festival-exhibition' })).statusCode).toBe(410);
    expect(await t.services.redirects.listGone()).toEqual([{ path: '/en/news/spring-festival-exhibition' }]);
    // Addresses never seen stay 404.
    expect((await get('/en/news/never-was')).statusCode).toBe(404);

    await tx((s) => s.newsWorkflow.transition(admin, a.id, { to: 'published' }));
    expect((await get('/en/news/spring-festival-exhibition')).statusCode).toBe(200);
    expect(await t.services.redirects.listGone()).toEqual([]);
  });

  it('answers 410 for pages and institutions taken down, in Chinese on Chinese addresses', async () => {
    const page = await tx((s) => s.pagesWorkflow.create(admin, { lang: 'zh', title: '参观指南', slug: 'visit', body: docFromParagraphs(['开放时间。']) }));
    const inst = await tx((s) => s.institutionsWorkflow.create(admin, { lang: 'en', name: 'Institute of Optics', profile: docFromParagraphs(['Founded in 1979.']) }));
    for (const to of ['in_review', 'approved', 'published'] as const) {
      await tx((s) => s.pagesWorkflow.transition(admin, page.id, { to }));
      await tx((s) => s.institutionsWorkflow.transition(admin, inst.id, { to }));
    }
    expect((await get('/zh/visit')).statusCode).toBe(200);
    await tx((s) => s.pagesWorkflow.transition(admin, page.id, { to: 'archived' }));
    await tx((s) => s.institutionsWorkflow.transition(admin, inst.id, { to: 'unpublished' }));
    const gonePage = await get('/zh/visit');
    expect(gonePage.statusCode).toBe(410);
    expect(gonePage.body).toContain('内容已删除');
    expect(gonePage.body).toContain('<html lang="zh-CN"');
    expect((await get('/en/institutions/institute-of-optics')).statusCode).toBe(410);
    const kinds = (await t.services.redirects.page(admin, { status: 410 }, { offset: 0, limit: 10 })).items.map((i) => [i.path, i.source]);
    expect(kinds).toEqual([
      ['/en/institutions/institute-of-optics', 'institution'],
      ['/zh/visit', 'page'],
    ]);
  });

  it('lets a new item published at an old address win over the redirect and the tombstone left there', async () => {
    const a = await publishedArticle('Night Sky Walk');
    await rename(a.id, 'night-sky-walk-2026');
    const b = await publishedArticle('Science Quiz');
    await tx((s) => s.newsWorkflow.transition(admin, b.id, { to: 'unpublished' }));
    expect((await get('/en/news/night-sky-walk')).statusCode).toBe(301);
    expect((await get('/en/news/science-quiz')).statusCode).toBe(410);

    // The article that had "science-quiz" moves off it (in draft); two new articles take both addresses.
    await tx((s) => s.newsWorkflow.transition(admin, b.id, { to: 'draft' }));
    await rename(b.id, 'science-quiz-2025');
    const c = await publishedArticle('Another Walk', 'night-sky-walk');
    const d = await publishedArticle('Another Quiz', 'science-quiz');
    for (const x of [c, d]) expect((await get(`/en/news/${x.slug}`)).statusCode).toBe(200);
    expect(await t.services.redirects.listAll()).toEqual([]);
    expect(await t.services.redirects.listGone()).toEqual([]);
  });

  it('answers 410 once the scheduler takes an item down at its time', async () => {
    const a = await publishedArticle('Summer Camp');
    await tx((s) => s.newsWorkflow.transition(admin, a.id, { to: 'unpublished' }));
    await tx((s) => s.newsWorkflow.transition(admin, a.id, { to: 'published', unpublishAt: new Date(clock.now().getTime() + HOUR).toISOString() }));
    expect((await get('/en/news/summer-camp')).statusCode).toBe(200);
    clock.advance(2 * HOUR);
    await runSchedules(t.services, quietLog, { transact: (work) => inTransaction(t.store, t.clock, work) });
    expect((await get('/en/news/summer-camp')).statusCode).toBe(410);
  });

  it('sends editors\' redirects as chosen: temporary ones to other sites, not kept by browsers', async () => {
    await t.services.redirects.create(admin, { from: '/Html/Library.html', to: 'https://library.example.org/catalogue?lang=en', status: 302 }, async () => false);
    const res = await get('/html/library.HTML');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('https://library.example.org/catalogue?lang=en');
    expect(res.headers['cache-control']).toBe('no-cache');
    await t.services.redirects.create(admin, { from: '/Html/Closed.html', status: 410 }, async () => false);
    const gone = await get('/Html/Closed.html', { 'accept-language': 'en' });
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('Content removed');
    expect(gone.body).toContain('class="lang-switch" href="/zh/"');
    // The API and the workspace keep their own 404s.
    expect((await get('/api/v1/nothing')).json().error.code).toBe('ROUTE_NOT_FOUND');
  });
});

// The translation view as editors use it, on every store: what has no version in a language, which
// translations are older than their source, filters and pages; contributors are refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docFromParagraphs } from '../../src/richtext/index.js';
import { articleInput, browserFor, testApp, TEST_PASSWORD } from '../helpers/app.js';
import { manualClock, testDialects } from '../helpers/store.js';

const HOUR = 3600_000;

describe.each(testDialects())('translation view on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let clock: ReturnType<typeof manualClock>;
  let editor: Awaited<ReturnType<typeof browserFor>>;
  beforeEach(async () => {
    clock = manualClock();
    t = await testApp(dialect, { clock });
    await t.services.auth.addUser({ name: 'editor', role: 'editor', password: TEST_PASSWORD, locale: 'en' });
  });
  afterEach(() => t.close());

  /** Each row: the item's title, kind, language and issue, as the screen shows them. */
  const rows = (html: string) =>
    [...html.matchAll(/<tr><th scope="row"><a href="([^"]+)" lang="[^"]+">([^<]*)<\/a><\/th><td[^>]*>([^<]*)<\/td><td[^>]*>([^<]*)<\/td><td>(.*?)<\/td>/g)].map((m) => [
      m[2],
      m[3],
      m[4],
      m[5]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim(),
    ]);

  async function seed() {
    const s = t.services;
    // A pair translated after its source: up to date.
    const fresh = await s.news.create(articleInput('zh', '天文馆新展', '2024-01-01T00:00:00.000Z'));
    clock.advance(HOUR);
    await s.news.linkTranslations(fresh, await s.news.create(articleInput('en', 'A new exhibition', '2024-01-01T00:00:00.000Z')));
    // A pair whose Chinese source changed after its translation.
    clock.advance(HOUR);
    const old = await s.news.create(articleInput('en', 'Old translation', '2024-02-01T00:00:00.000Z'));
    clock.advance(HOUR);
    await s.news.linkTranslations(await s.news.create(articleInput('zh', '改过的原文', '2024-02-01T00:00:00.000Z')), old);
    clock.advance(HOUR);
    await s.news.create(articleInput('zh', '只有中文', '2024-03-01T00:00:00.000Z'));
    await s.news.create({ ...articleInput('zh', '已归档', '2024-03-01T00:00:00.000Z'), status: 'archived' });
    clock.advance(HOUR);
    await s.pages.create({ lang: 'zh', slug: 'about', title: '概况', body: docFromParagraphs(['简介。']), status: 'published' });
    clock.advance(HOUR);
    await s.institutions.create({ lang: 'en', position: 1, name: 'Beijing Planetarium', profile: null });
    // Signed in after the clock moved on, so that the session is fresh.
    editor = await browserFor(t, 'editor');
  }

  it('lists items without a translation and translations older than their source, newest change first', async () => {
    await seed();
    const res = await editor.get('/admin/translations');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('aria-current="page">Translations</a>');
    expect(rows(res.body)).toEqual([
      ['Beijing Planetarium', 'Institution', 'English', 'No Chinese version'],
      ['概况', 'Page', 'Chinese', 'No English version'],
      ['只有中文', 'News', 'Chinese', 'No English version'],
      ['Old translation', 'News', 'English', expect.stringMatching(/^Out of date Older than the change to its source “改过的原文” \(.+\) · Edit the source$/)],
    ]);
  });

  it('filters by kind, language and issue, and links each item and its source to their editors', async () => {
    await seed();
    expect(rows((await editor.get('/admin/translations?kind=page')).body).map((r) => r[0])).toEqual(['概况']);
    expect(rows((await editor.get('/admin/translations?target=zh')).body).map((r) => r[0])).toEqual(['Beijing Planetarium']);
    const outdated = await editor.get('/admin/translations?issue=outdated&target=en&kind=article');
    expect(rows(outdated.body).map((r) => r[0])).toEqual(['Old translation']);
    const [oldEn] = (await t.services.news.listPublished('en', { offset: 0, limit: 10 })).items.filter((a) => a.title === 'Old translation');
    const [source] = (await t.services.news.listPublished('zh', { offset: 0, limit: 10 })).items.filter((a) => a.title === '改过的原文');
    expect(outdated.body).toContain(`<a href="/admin/articles/${oldEn!.id}" lang="en">Old translation</a>`);
    expect(outdated.body).toContain(`<a href="/admin/articles/${source!.id}">Edit the source</a>`);
    // Values it does not know are ignored, as in every list.
    expect(rows((await editor.get('/admin/translations?kind=nonsense&target=fr&issue=%27')).body)).toHaveLength(4);
  });

  it('pages through a long list', async () => {
    for (let i = 1; i <= 27; i++) {
      clock.advance(1000);
      await t.services.news.create(articleInput('zh', `新闻${i}`, '2024-01-01T00:00:00.000Z'));
    }
    editor = await browserFor(t, 'editor');
    const first = await editor.get('/admin/translations');
    expect(rows(first.body)).toHaveLength(25);
    expect(rows(first.body)[0]![0]).toBe('新闻27');
    expect(first.body).toContain('<span class="page-status">1 / 2 · 27</span>');
    const second = await editor.get('/admin/translations?page=2');
    expect(rows(second.body).map((r) => r[0])).toEqual(['新闻2', '新闻1']);
  });

  it('shows nothing to a contributor', async () => {
    await t.services.auth.addUser({ name: 'writer', role: 'contributor', password: TEST_PASSWORD, locale: 'en' });
    const writer = await browserFor(t, 'writer');
    expect((await writer.get('/admin/translations')).statusCode).toBe(403);
    expect((await writer.get('/admin')).body).not.toContain('/admin/translations');
  });
});

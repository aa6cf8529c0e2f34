// The translation view as editors use it, on every store: what has no version in a language, which
// translations are older than their source, filters and pages; contributors are refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.js';
import type { Actor } from '../../src/people/index.js';
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
    [...html.matchAll(/<tr><th scope="row"><a href="([^"]+)" lang="[^"]+">([^<]*)<\/a><\/th><td[^>]*>([^<]*)<\/td><td[^>]*>([^<]*)<\/td><td[^>]*>(.*?)<\/td>/g)].map((m) => [
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
      ['Beijing Planetarium', 'Institution', 'English', 'No Chinese version Create the Chinese version'],
      ['概况', 'Page', 'Chinese', 'No English version Create the English version'],
      ['只有中文', 'News', 'Chinese', 'No English version Create the English version'],
      ['Old translation', 'News', 'English', expect.stringMatching(/^Out of date Its source “改过的原文” changed after it, on .+?Edit the source · Edit the translation$/)],
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
    // A missing article's link opens the article editor in the wanted language, naming its source.
    const [alone] = (await t.services.news.listPublished('zh', { offset: 0, limit: 10 })).items.filter((a) => a.title === '只有中文');
    const create = `/admin/articles/new?lang=en&amp;translationOf=${alone!.id}`;
    expect((await editor.get('/admin/translations?kind=article')).body).toContain(`<a href="${create}">Create the English version</a>`);
    const form = await editor.get(create.replace('&amp;', '&'));
    expect(form.body).toMatch(/<option value="en" selected>/);
    expect(form.body).toContain(`maxlength="10" value="${alone!.id}"`);
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

  describe('out of date means the words changed, not the status', () => {
    const publisher: Actor = { id: 1, name: 'publisher', role: 'publisher', locale: 'en' };
    const publish = async (wf: Services['pagesWorkflow'] | Services['institutionsWorkflow'], id: number) => {
      for (const to of ['in_review', 'approved', 'published'] as const) await wf.transition(publisher, id, { to });
    };
    // Signed in afresh each time: the clock moves on by hours, past a session's idle limit.
    const outdated = async () => rows((await (await browserFor(t, 'editor')).get('/admin/translations?issue=outdated')).body).map((r) => r[0]);

    it('leaves a pair alone when either is submitted or published, and flags the translation when the source text changes until it is edited', async () => {
      await t.services.auth.addUser({ name: 'publisher', role: 'publisher', password: TEST_PASSWORD, locale: 'en' });
      const wf = t.services.pagesWorkflow;
      const zh = await wf.create(publisher, { lang: 'zh', title: '参观须知', body: docFromParagraphs(['九点开门。']) });
      clock.advance(HOUR);
      const en = await wf.create(publisher, { lang: 'en', title: 'Visiting', body: docFromParagraphs(['Open at nine.']), translationOf: zh.id });
      editor = await browserFor(t, 'editor');
      expect(await outdated()).toEqual([]);
      // Publishing the source later than the translation was written changes no word of it.
      clock.advance(HOUR);
      await publish(wf, zh.id);
      expect(await outdated()).toEqual([]);
      clock.advance(HOUR);
      await publish(wf, en.id);
      expect(await outdated()).toEqual([]);
      // A save that changes nothing readers see (the same text saved again) is no change either.
      clock.advance(HOUR);
      const same = await wf.get(publisher, zh.id);
      await wf.update(publisher, zh.id, { title: '参观须知', body: docFromParagraphs(['九点开门。']) }, same.revision);
      expect(await outdated()).toEqual([]);

      // The source's text changes: the translation is behind, with when and links to both editors.
      clock.advance(HOUR);
      const source = await wf.get(publisher, zh.id);
      await wf.update(publisher, zh.id, { body: docFromParagraphs(['八点半开门。']) }, source.revision);
      const changedAt = (await wf.get(publisher, zh.id)).contentChangedAt;
      editor = await browserFor(t, 'editor');
      const res = await editor.get('/admin/translations?issue=outdated');
      expect(rows(res.body)).toEqual([['Visiting', 'Page', 'English', expect.stringMatching(/^Out of date Its source “参观须知” changed after it, on .+?Edit the source · Edit the translation$/)]]);
      expect(res.body).toContain(`<time datetime="${changedAt}">`);
      expect(res.body).toContain(`<a href="/admin/pages/${zh.id}">Edit the source</a> · <a href="/admin/pages/${en.id}">Edit the translation</a>`);
      // Publishing the translation again does not bring it up to date; editing its text does.
      clock.advance(HOUR);
      await t.services.pagesWorkflow.transition(publisher, en.id, { to: 'unpublished' });
      await t.services.pagesWorkflow.transition(publisher, en.id, { to: 'published' });
      expect(await outdated()).toEqual(['Visiting']);
      clock.advance(HOUR);
      const translation = await wf.get(publisher, en.id);
      await wf.update(publisher, en.id, { body: docFromParagraphs(['Open at half past eight.']) }, translation.revision);
      expect(await outdated()).toEqual([]);
    });

    it("counts an institution's other names as its words", async () => {
      await t.services.auth.addUser({ name: 'publisher', role: 'publisher', password: TEST_PASSWORD, locale: 'en' });
      const wf = t.services.institutionsWorkflow;
      const zh = await wf.create(publisher, { lang: 'zh', name: '北京天文馆', profile: null });
      clock.advance(HOUR);
      await wf.create(publisher, { lang: 'en', name: 'Beijing Planetarium', profile: null, translationOf: zh.id });
      clock.advance(HOUR);
      const saved = await wf.update(publisher, zh.id, { aliases: [] }, (await wf.get(publisher, zh.id)).revision);
      editor = await browserFor(t, 'editor');
      expect(await outdated()).toEqual([]);
      clock.advance(HOUR);
      await wf.update(publisher, zh.id, { aliases: ['天文馆'] }, saved.revision);
      expect(await outdated()).toEqual(['Beijing Planetarium']);
    });

    it('lists an item whose group has no Chinese version as missing it, and offers to create the translation', async () => {
      await t.services.auth.addUser({ name: 'publisher', role: 'publisher', password: TEST_PASSWORD, locale: 'en' });
      const wf = t.services.pagesWorkflow;
      const zh = await wf.create(publisher, { lang: 'zh', title: '旧版概况', body: docFromParagraphs(['旧。']) });
      clock.advance(HOUR);
      const en = await wf.create(publisher, { lang: 'en', title: 'About us', body: docFromParagraphs(['New.']), translationOf: zh.id });
      clock.advance(HOUR);
      const alone = await wf.create(publisher, { lang: 'en', title: 'English first', body: docFromParagraphs(['Written in English.']) });
      editor = await browserFor(t, 'editor');
      expect(rows((await editor.get('/admin/translations?target=zh')).body).map((r) => r[0])).toEqual(['English first']);
      // Its Chinese version archived, the English page has no source: it is missing one, not silently up to date.
      await wf.transition(publisher, zh.id, { to: 'archived' });
      const res = await editor.get('/admin/translations?target=zh');
      expect(rows(res.body).map((r) => [r[0], r[3]])).toEqual([
        ['English first', 'No Chinese version Create the Chinese version'],
        ['About us', 'No Chinese version Create the Chinese version'],
      ]);
      // The link opens a new Chinese page already naming its source.
      const href = `/admin/pages/new?lang=zh&amp;translationOf=${alone.id}`;
      expect(res.body).toContain(`<a href="${href}">Create the Chinese version</a>`);
      const form = await editor.get(href.replace('&amp;', '&'));
      expect(form.body).toMatch(/<option value="zh" selected>/);
      expect(form.body).toContain(`name="translationOf" class="input-number" inputmode="numeric" pattern="[0-9]*" maxlength="10" value="${alone.id}"`);
      const created = await editor.post('/admin/pages', { lang: 'zh', title: '先有英文', summary: '', bodyText: '用英文写的。', format: 'text', translationOf: String(alone.id) });
      expect(created.statusCode).toBe(303);
      expect(rows((await editor.get('/admin/translations?target=zh')).body).map((r) => r[0])).toEqual(['About us']);
      expect((await wf.get(publisher, en.id)).translationGroup).not.toBeNull();
    });
  });

  it('shows nothing to a contributor', async () => {
    await t.services.auth.addUser({ name: 'writer', role: 'contributor', password: TEST_PASSWORD, locale: 'en' });
    const writer = await browserFor(t, 'writer');
    expect((await writer.get('/admin/translations')).statusCode).toBe(403);
    expect((await writer.get('/admin')).body).not.toContain('/admin/translations');
  });
});

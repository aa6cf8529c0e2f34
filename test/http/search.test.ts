// Search over HTTP: the JSON API and the search page, which answers without any script.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docFromParagraphs } from '../../src/richtext/index.js';
import { articleInput, BASE_URL, testApp } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

describe.each(testDialects())('search over HTTP on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeEach(async () => {
    t = await testApp(dialect);
  });
  afterEach(() => t.close());

  it('answers the API with items, total and highlights in plain text, in both languages unless asked', async () => {
    await t.services.news.create(articleInput('zh', '北京天文馆举办科学讲座', '2024-03-01T00:00:00.000Z', ['讲座介绍了 <b>天文</b> 观测。']));
    await t.services.news.create(articleInput('en', 'Planetarium lecture', '2024-03-02T00:00:00.000Z', ['A talk on 天文 for visitors.']));
    const res = await t.app.inject(`/api/v1/search?q=${encodeURIComponent('天文')}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    const zh = body.items.find((i: { lang: string }) => i.lang === 'zh');
    expect(zh).toMatchObject({ type: 'article', title: '北京天文馆举办科学讲座', url: `${BASE_URL}/zh/news/bei-jing-tian-wen-guan-ju-ban-ke-xue-jiang-zuo` });
    expect(zh.snippet).toContain('<b>');
    expect(zh.highlights.map(([s, e]: [number, number]) => zh.snippet.slice(s, e))).toEqual(['天文']);
    const en = (await t.app.inject(`/api/v1/search?q=${encodeURIComponent('天文')}&lang=en`)).json();
    expect(en.items.map((i: { title: string }) => i.title)).toEqual(['Planetarium lecture']);
  });

  it('refuses bad parameters with 400, naming the field', async () => {
    for (const [query, field] of [
      ['', 'q'],
      ['q=x&type=video', 'type'],
      ['q=x&year=20', 'year'],
      ['q=x&lang=fr', 'lang'],
      ['q=x&page=0', 'page'],
      [`q=${'x'.repeat(201)}`, 'q'],
    ]) {
      const res = await t.app.inject(`/api/v1/search?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('REQUEST_INVALID');
      expect(JSON.stringify(res.json().error.details), query).toContain(field);
    }
  });

  it('renders results on the server, escaped and marked, never from the page cache', async () => {
    await t.services.news.create(articleInput('en', 'Soil <script>alert(1)</script> survey', '2024-03-01T00:00:00.000Z', ['Soil samples & more.']));
    const page = await t.app.inject('/en/search?q=soil');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<mark>Soil</mark> &lt;script>alert(1)&lt;/script> survey');
    expect(page.body).toContain('<mark>Soil</mark> samples &amp; more.');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).toContain('value="soil"');
    // A new article is found at once: the answer is not a cached page.
    await t.services.news.create(articleInput('en', 'Soil map', '2024-03-02T00:00:00.000Z'));
    expect((await t.app.inject('/en/search?q=soil')).body).toContain('<mark>Soil</mark> map');
    expect((await t.app.inject('/en/search?q=map')).body).not.toContain('survey');
  });

  it('pages the results, filters by type, and suggests a shorter query', async () => {
    for (let i = 1; i <= 12; i++) await t.services.news.create(articleInput('en', `Coral reef report ${i}`, `2024-01-${String(i).padStart(2, '0')}T00:00:00.000Z`));
    await t.services.institutions.create({ lang: 'en', position: 1, name: 'Coral Institute', profile: docFromParagraphs(['Reefs.']) });
    const first = (await t.app.inject('/en/search?q=coral')).body;
    expect(first).toContain('13 results');
    expect(first).toContain('href="/en/search?q=coral&amp;page=2"');
    const second = (await t.app.inject('/en/search?q=coral&page=2')).body;
    expect((second.match(/<li><h2>/g) ?? []).length).toBe(3);
    const institutions = (await t.app.inject('/en/search?q=coral&type=institution')).body;
    expect(institutions).toContain('<mark>Coral</mark> Institute');
    expect(institutions).not.toContain('reef report');
    const none = (await t.app.inject('/en/search?q=coral+zebra')).body;
    expect(none).toContain('Nothing found');
    expect(none).toContain('href="/en/search?q=coral"');
  });

  it('keeps the form page without a query, as the static export has it', async () => {
    const page = await t.app.inject('/en/search');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-index="/en/search-index.json"');
    expect(page.headers['cache-control']).not.toBe('no-store');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docFromParagraphs } from '../../src/richtext/index.js';
import { articleInput, BASE_URL, testApp } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

describe.each(testDialects())('JSON API on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeEach(async () => {
    t = await testApp(dialect);
  });
  afterEach(() => t.close());

  it('lists published articles with id, lang, title and public url, paginated and filtered by language', async () => {
    for (let i = 1; i <= 3; i++) await t.services.news.create(articleInput('en', `English ${i}`, `2024-01-0${i}T00:00:00.000Z`));
    await t.services.news.create(articleInput('zh', '中文新闻', '2024-01-05T00:00:00.000Z'));
    await t.services.news.create({ ...articleInput('en', 'A draft', null), status: 'draft' });
    await t.services.news.create(articleInput('en', 'Not yet due', '2099-01-01T00:00:00.000Z'));

    const all = await t.app.inject('/api/v1/articles');
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBe(4);
    const en = (await t.app.inject('/api/v1/articles?lang=en&perPage=2&page=1')).json();
    expect(en.total).toBe(3);
    expect(en.items.map((a: { title: string }) => a.title)).toEqual(['English 3', 'English 2']);
    expect(en.items[0]).toMatchObject({ lang: 'en', title: 'English 3', url: `${BASE_URL}/en/news/english-3`, publishedAt: '2024-01-03T00:00:00.000Z' });
    expect(typeof en.items[0].id).toBe('number');
    const page2 = (await t.app.inject('/api/v1/articles?lang=en&perPage=2&page=2')).json();
    expect(page2.items.map((a: { title: string }) => a.title)).toEqual(['English 1']);
  });

  it('returns one article with body and neighbours, and 404 for drafts and unknown ids', async () => {
    const a = await t.services.news.create(articleInput('en', 'With body', '2024-01-01T00:00:00.000Z', ['One.', 'Two.']));
    const draft = await t.services.news.create({ ...articleInput('en', 'Hidden', null), status: 'draft' });
    const res = await t.app.inject(`/api/v1/articles/${a.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: a.id, title: 'With body', body: docFromParagraphs(['One.', 'Two.']), previous: null, next: null });
    for (const id of [draft.id, 999999]) {
      const missing = await t.app.inject(`/api/v1/articles/${id}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('ARTICLE_NOT_FOUND');
    }
  });

  it('refuses bad query values with 400 and names the field', async () => {
    for (const url of ['/api/v1/articles?lang=fr', '/api/v1/articles?page=0', '/api/v1/institutions?perPage=1000', '/api/v1/pages/abc']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('REQUEST_INVALID');
      expect(JSON.stringify(res.json().error.details)).toMatch(/lang|page|perPage|id/);
    }
    const unknown = await t.app.inject('/api/v1/nothing');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('lists institutions in directory order; one without profile points at its directory line', async () => {
    await t.services.institutions.create({ lang: 'en', position: 2, name: 'Office', profile: null });
    const one = await t.services.institutions.create({ lang: 'en', position: 1, name: 'Academy', profile: docFromParagraphs(['Text.']) });
    const res = (await t.app.inject('/api/v1/institutions?lang=en')).json();
    expect(res.total).toBe(2);
    expect(res.items.map((i: { name: string }) => i.name)).toEqual(['Academy', 'Office']);
    expect(res.items[0].url).toBe(`${BASE_URL}/en/institutions/academy`);
    expect(res.items[1].url).toBe(`${BASE_URL}/en/institutions/#institution-2`);
    const detail = (await t.app.inject(`/api/v1/institutions/${one.id}`)).json();
    expect(detail).toMatchObject({ id: one.id, lang: 'en', name: 'Academy', profile: docFromParagraphs(['Text.']) });
  });

  it('lists pages and serves the OpenAPI document describing every endpoint', async () => {
    const p = await t.services.pages.create({ lang: 'zh', slug: 'about', title: '概况', body: docFromParagraphs(['成立于1984年。']), status: 'published' });
    const pages = (await t.app.inject('/api/v1/pages?lang=zh')).json();
    expect(pages).toMatchObject({ total: 1, items: [{ id: p.id, lang: 'zh', title: '概况', url: `${BASE_URL}/zh/about` }] });
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/articles', '/api/v1/articles/{id}', '/api/v1/institutions', '/api/v1/institutions/{id}', '/api/v1/pages', '/api/v1/pages/{id}']) {
      expect(doc.paths[path]?.get, path).toBeDefined();
    }
  });
});

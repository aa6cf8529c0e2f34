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

  it('marks a Chinese word the segmenter cut into characters as one match', async () => {
    await t.services.news.create(articleInput('zh', '研究院发布碳中和技术路线图', '2024-03-01T00:00:00.000Z', ['助力北京实现碳达峰碳中和目标。']));
    await t.services.news.create(articleInput('zh', '园区改造中减碳和节水同步推进', '2024-03-02T00:00:00.000Z'));
    const page = await t.app.inject(`/zh/search?q=${encodeURIComponent('碳中和')}`);
    expect(page.body).toContain('研究院发布<mark>碳中和</mark>技术路线图');
    expect(page.body).toContain('碳达峰<mark>碳中和</mark>目标');
    // The characters apart are not the word.
    expect(page.body).not.toContain('减碳和节水');
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

  describe('filters of the results page', () => {
    let notices: number;
    let institute: number;
    beforeEach(async () => {
      await t.store.db.insertInto('channel').values({ slug: 'notices', name_zh: '通知公告', name_en: 'Notices & <i>alerts</i>', position: 2 }).execute();
      notices = (await t.services.taxonomy.channelBySlug('notices'))!.id;
      institute = (await t.services.institutions.create({ lang: 'en', position: 1, name: 'Reef <Lab>', profile: null })).id;
      await t.services.institutions.create({ lang: 'zh', position: 1, name: '珊瑚研究室', profile: null });
      for (let i = 1; i <= 12; i++)
        await t.services.news.create({ ...articleInput('en', `Coral reef report ${i}`, `2024-01-${String(i).padStart(2, '0')}T00:00:00.000Z`), channelId: notices, institutionIds: [institute] });
      await t.services.news.create(articleInput('en', 'Coral survey', '2023-06-01T00:00:00.000Z'));
      // Still 2021 in UTC, already 2022 in Beijing.
      await t.services.news.create(articleInput('zh', '珊瑚 coral 调查', '2021-12-31T20:00:00.000Z'));
    });
    const optionsOf = (html: string, id: string) =>
      [...(html.match(new RegExp(`<select id="${id}"[^>]*>([\\s\\S]*?)</select>`))?.[1] ?? '').matchAll(/<option value(?:="([^"]*)")?( selected)?>([^<]*)<\/option>/g)].map((m) => `${m[2] ? '*' : ''}${m[1] ?? ''}=${m[3]}`);

    it('offers language, channel, institution and year, keeping the current values, escaped', async () => {
      const page = (await t.app.inject('/en/search?q=coral')).body;
      expect(optionsOf(page, 'search-lang')).toEqual(['*=English only', 'both=English and Chinese']);
      expect(optionsOf(page, 'search-channel')).toEqual(['*=All channels', '1=News', `${notices}=Notices &amp; &lt;i>alerts&lt;/i>`]);
      // The language's institutions only.
      expect(optionsOf(page, 'search-institution')).toEqual(['*=All institutions', `${institute}=Reef &lt;Lab>`]);
      expect(optionsOf(page, 'search-year')).toEqual(['*=All years', '2024=2024', '2023=2023']);
      expect(page).toContain('13 results');

      const filtered = (await t.app.inject(`/en/search?q=coral&lang=both&channel=${notices}&institution=${institute}&year=2024`)).body;
      expect(optionsOf(filtered, 'search-lang')).toEqual(['=English only', '*both=English and Chinese']);
      expect(optionsOf(filtered, 'search-channel')[2]).toMatch(/^\*/);
      expect(optionsOf(filtered, 'search-institution')[1]).toMatch(/^\*/);
      // Both languages' years, in Beijing time.
      expect(optionsOf(filtered, 'search-year')).toEqual(['=All years', '*2024=2024', '2023=2023', '2022=2022']);
      expect(filtered).toContain('12 results');
      expect(filtered).toContain(`href="/en/search?q=coral&amp;lang=both&amp;channel=${notices}&amp;institution=${institute}&amp;year=2024&amp;page=2"`);
      const second = (await t.app.inject(`/en/search?q=coral&lang=both&channel=${notices}&institution=${institute}&year=2024&page=2`)).body;
      expect(second).toContain(`href="/en/search?q=coral&amp;lang=both&amp;channel=${notices}&amp;institution=${institute}&amp;year=2024" rel="prev"`);

      const zhPage = (await t.app.inject(`/zh/search?q=coral`)).body;
      expect(optionsOf(zhPage, 'search-lang')).toEqual(['*=仅中文', 'both=中文和英文']);
      expect(optionsOf(zhPage, 'search-year')).toEqual(['*=全部年份', '2022=2022年']);
      expect(optionsOf(zhPage, 'search-institution').slice(1).map((o) => o.split('=')[1])).toEqual(['珊瑚研究室']);
      expect((await t.app.inject('/zh/search?q=coral&lang=both')).body).toContain('找到 14 条');
    });

    it('keeps the filters in the suggestion', async () => {
      const none = (await t.app.inject('/en/search?q=coral+zebra&lang=both&year=2024')).body;
      expect(none).toContain('Nothing found');
      expect(none).toContain('href="/en/search?q=coral&amp;lang=both&amp;year=2024"');
    });

    it('answers hostile values with the page, ignoring what it does not offer, never a 500', async () => {
      for (const query of [
        'channel=abc',
        'channel=-1',
        'channel=99999999999999999999',
        'channel=9999',
        'institution=1e3',
        'institution=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
        'year=20240',
        'year=1999',
        'year=2024.5',
        'lang=%3Cscript%3E',
        'lang=zh',
        'lang=both&lang=fr',
        'type=video',
        'page=99999',
        'page=-3',
        'channel=1&channel=x',
        'perPage=100000',
      ]) {
        const res = await t.app.inject(`/en/search?q=coral&${query}`);
        expect(res.statusCode, query).toBe(200);
        expect(res.body, query).toContain('13 results');
        expect(res.body, query).not.toContain('<script>alert');
        expect(optionsOf(res.body, 'search-lang')[0], query).toBe('*=English only');
      }
      // An institution of the other language is not offered here: ignored too.
      const zhInstitute = (await t.services.institutions.directory('zh'))[0]!.id;
      expect((await t.app.inject(`/en/search?q=coral&institution=${zhInstitute}`)).body).toContain('13 results');
      const odd = await t.app.inject('/en/search?q=%3Cb%3E%22coral%22&year=%E0%A4%A');
      expect(odd.statusCode).toBeLessThan(500);
      expect(odd.body).not.toContain('<b>"coral"');
    });
  });

  it('keeps the form page without a query in the page cache; its script asks the server for suggestions', async () => {
    const page = await t.app.inject('/en/search');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-mode="live"');
    expect(page.body).toContain('data-suggest="/api/v1/search/suggestions"');
    // The live page does not send the reader the whole index, and needs no script to search.
    expect(page.body).not.toContain('search-index.json');
    expect(page.body).not.toContain('<noscript>');
    expect(page.headers['cache-control']).not.toBe('no-store');
  });

  it('suggests titles and addresses as one types: words folded, stemmed and cut as the search does, the last word unfinished', async () => {
    await t.services.news.create(articleInput('zh', '北京天文馆举办冬季观星活动', '2024-03-01T00:00:00.000Z', ['科普老师带领市民观测木星。']));
    await t.services.news.create(articleInput('zh', '脑机接口康复训练进入临床试验', '2024-03-03T00:00:00.000Z', ['系统采集脑电信号。']));
    await t.services.news.create(articleInput('en', 'Planetarium hosts a winter stargazing night', '2024-03-02T00:00:00.000Z', ['Visitors looked at Jupiter.']));
    await t.services.news.create(articleInput('en', 'Planting trees in the wetland', '2024-03-04T00:00:00.000Z'));
    const suggest = async (query: string) => {
      const res = await t.app.inject(`/api/v1/search/suggestions?${query}`);
      expect(res.statusCode, query).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      return (res.json().items as { title: string; url: string; type: string }[]).map((i) => i.title);
    };
    expect(await suggest(`q=${encodeURIComponent('天文館')}&lang=zh`)).toEqual(['北京天文馆举办冬季观星活动']);
    // One character finds the words holding it; a word cut into characters only where they stand together.
    expect(await suggest(`q=${encodeURIComponent('脑')}&lang=zh`)).toEqual(['脑机接口康复训练进入临床试验']);
    expect(await suggest(`q=${encodeURIComponent('腦機')}`)).toEqual(['脑机接口康复训练进入临床试验']);
    // "planet" is being typed: the title word it starts; "stars" is a whole word, stemmed.
    expect(await suggest('q=planet&lang=en')).toEqual(['Planetarium hosts a winter stargazing night']);
    expect(await suggest('q=pla&lang=en')).toEqual(['Planetarium hosts a winter stargazing night']);
    expect(await suggest('q=planting&lang=en')).toEqual(['Planting trees in the wetland']);
    expect(await suggest('q=winter%20planetarium')).toEqual(['Planetarium hosts a winter stargazing night']);
    expect(await suggest('q=zebra')).toEqual([]);
    const [item] = (await t.app.inject('/api/v1/search/suggestions?q=wetland')).json().items;
    expect(item).toEqual({ type: 'article', title: 'Planting trees in the wetland', url: `${BASE_URL}/en/news/planting-trees-in-the-wetland` });
    for (const [query, field] of [
      ['', 'q'],
      ['q=%20', 'q'],
      ['q=x&lang=fr', 'lang'],
      [`q=${'x'.repeat(201)}`, 'q'],
    ]) {
      const res = await t.app.inject(`/api/v1/search/suggestions?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(JSON.stringify(res.json().error.details), query).toContain(field);
    }
  });
});

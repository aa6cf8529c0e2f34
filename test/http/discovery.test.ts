// Feeds, sitemaps and metadata: what feed readers, search engines, link previews and China's
// website registries read from the site, parsed as they would parse it.
import { parseFeed } from '@rowanmanning/feed-parser';
import { isTag, isText, type ChildNode, type Element } from 'domhandler';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseDocument } from 'htmlparser2';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveSiteOf } from '../../src/http/server.js';
import type { Article, DraftInput } from '../../src/news/index.js';
import type { Actor } from '../../src/people/index.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import { SITEMAP_LIMIT } from '../../src/site/sitemap.js';
import { siteRoutes, sitemapRoutesWithLimit, type SiteContext } from '../../src/site/routes.js';
import { loadSiteState } from '../../src/site/state.js';
import { articleInput, BASE_URL, testApp, TEST_PASSWORD } from '../helpers/app.js';
import { manualClock, testDialects } from '../helpers/store.js';

const PUBLISHING = { siteIdCode: '1100000088', icp: '京ICP备12345678号-1', psb: '京公网安备 11010802012345号' };
const day = (n: number) => `2024-03-${String(n).padStart(2, '0')}T02:00:00.000Z`;

/** Well-formed XML, parsed with namespaces kept in the names ("xhtml:link"). */
function parseXml(text: string) {
  expect(XMLValidator.validate(text)).toBe(true);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['url', 'sitemap', 'xhtml:link'].includes(name) }).parse(text);
}

/** The page's elements named `name`, parsed as a browser would. */
function elements(html: string, name: string): Element[] {
  const out: Element[] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes)
      if (isTag(n)) {
        if (n.name === name) out.push(n);
        walk(n.children);
      }
  };
  walk(parseDocument(html).children);
  return out;
}
const textOf = (e: Element) => e.children.map((c) => (isText(c) ? c.data : '')).join('');
const jsonLd = (html: string) => elements(html, 'script').filter((s) => s.attribs.type === 'application/ld+json').map((s) => JSON.parse(textOf(s)) as Record<string, any>);
const meta = (html: string, attr: 'name' | 'property', key: string) => elements(html, 'meta').filter((m) => m.attribs[attr] === key).map((m) => m.attribs.content);
/** The titles of a news list, in order. */
const newsTitles = (html: string) => elements(html, 'h3').concat(elements(html, 'h2')).filter((h) => h.attribs.class === 'news-title').map((h) => textOf(h.children.find(isTag)!));
/** Sitemaps date to the second. */
const w3c = (iso: string) => iso.replace(/\.\d+Z$/, 'Z');

describe.each(testDialects())('feeds, sitemaps and metadata on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let admin: Actor;
  const start = async (options: Parameters<typeof testApp>[1] = {}) => {
    t = await testApp(dialect, options);
    const user = await t.services.auth.addUser({ name: 'admin', role: 'administrator', password: TEST_PASSWORD });
    admin = { id: user.id, name: user.name, role: user.role, locale: user.locale };
  };
  afterEach(() => t.close());
  const ctx = (): SiteContext => ({ services: t.services, baseUrl: BASE_URL, assets: { css: '', icon: '', adminFields: '', search: '', reader: '' } });

  /** An article through the workflow, as editors publish them (with its channel and institutions). */
  async function publish(input: Omit<DraftInput, 'body'> & { body?: DraftInput['body'] }): Promise<Article> {
    let a = await t.services.newsWorkflow.create(admin, { body: docFromParagraphs([`Text of ${input.title}.`]), ...input });
    for (const to of ['in_review', 'approved', 'published'] as const) a = await t.services.newsWorkflow.transition(admin, a.id, { to });
    return a;
  }
  const addChannel = async (slug: string, nameZh: string, nameEn: string) => {
    await t.store.db.insertInto('channel').values({ slug, name_zh: nameZh, name_en: nameEn, position: 2 }).execute();
    return (await t.services.taxonomy.channelBySlug(slug))!.id;
  };

  describe('feeds', () => {
    const clock = manualClock();
    beforeEach(() => start({ clock }));

    it('gives each language its newest 20 articles as RSS 2.0 and Atom, newest first, with absolute links', async () => {
      const create = async (input: Parameters<typeof t.services.news.create>[0]) => {
        clock.advance(60_000);
        return t.services.news.create(input);
      };
      for (let i = 1; i <= 22; i++) await create(articleInput('en', `Story ${i}`, day(i)));
      const last = await create({ ...articleInput('en', 'Tom & Jerry <b>meet</b>', day(23)), summary: 'Cats & mice: 3 < 5 > 2, <script>alert(1)</script>' });
      await create(articleInput('zh', '天文馆新展厅开放', day(2)));
      for (const format of ['feed', 'atom'] as const) {
        const res = await t.app.inject(`/en/${format}.xml`);
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe(format === 'feed' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8');
        parseXml(res.body);
        const feed = parseFeed(res.body);
        expect(feed.meta.type).toBe(format === 'feed' ? 'rss' : 'atom');
        expect(feed.title).toBe('Beijing Academy of Science and Technology · News');
        expect(feed.url).toBe(`${BASE_URL}/en/news/`);
        expect(feed.self).toBe(`${BASE_URL}/en/${format}.xml`);
        expect(feed.items.map((i) => i.title)).toEqual(['Tom & Jerry <b>meet</b>', ...Array.from({ length: 19 }, (_, i) => `Story ${22 - i}`)]);
        const [first, second] = feed.items;
        expect(first!.description).toBe('Cats & mice: 3 < 5 > 2, <script>alert(1)</script>');
        expect(second!.url).toBe(`${BASE_URL}/en/news/story-22`);
        expect(second!.id).toBe(`${BASE_URL}/en/news/story-22`);
        expect(second!.published?.toISOString()).toBe(day(22));
        expect(second!.description).toBe('Text of Story 22.');
        // The feed changed when its articles last did, not when it was asked for.
        expect(feed.updated?.toISOString()).toBe(last.updatedAt);
      }
      const zh = parseFeed((await t.app.inject('/zh/feed.xml')).body);
      expect(zh.language).toBe('zh-CN');
      expect(zh.items.map((i) => [i.title, i.url])).toEqual([['天文馆新展厅开放', `${BASE_URL}/zh/news/tian-wen-guan-xin-zhan-ting-kai-fang`]]);
    });

    it('writes the same bytes whenever asked: nothing in a feed depends on the time', async () => {
      await t.services.news.create(articleInput('en', 'Dated story', day(3)));
      const before = (await t.app.inject('/en/atom.xml')).body;
      clock.advance(3 * 86_400_000);
      liveSiteOf(t.app)!.cache.clear();
      expect((await t.app.inject('/en/atom.xml')).body).toBe(before);
      // An empty feed too.
      const empty = (await t.app.inject('/zh/atom.xml')).body;
      expect(parseFeed(empty).items).toEqual([]);
      clock.advance(1000);
      liveSiteOf(t.app)!.cache.clear();
      expect((await t.app.inject('/zh/atom.xml')).body).toBe(empty);
    });

    it('gives each channel its own feeds and page, announced in the page head', async () => {
      const news = (await t.services.taxonomy.channelBySlug('news'))!.id;
      const notices = await addChannel('notices', '通知公告', 'Notices');
      await publish({ lang: 'en', title: 'Closed on Monday', channelId: notices, publishedAt: day(5) });
      await publish({ lang: 'en', title: 'Open day', channelId: notices, publishedAt: day(6) });
      await publish({ lang: 'en', title: 'New hall', channelId: news, publishedAt: day(7) });
      await publish({ lang: 'zh', title: '周一闭馆', channelId: notices, publishedAt: day(5) });
      // Imported from the old site without a date: last, and undated.
      await t.services.news.create({ ...articleInput('en', 'An old notice', null), channelId: notices });
      for (const format of ['feed', 'atom']) {
        const res = await t.app.inject(`/en/news/channel/notices/${format}.xml`);
        expect(res.statusCode).toBe(200);
        const feed = parseFeed(res.body);
        expect(feed.title).toBe('Beijing Academy of Science and Technology · Notices');
        expect(feed.url).toBe(`${BASE_URL}/en/news/channel/notices/`);
        expect(feed.items.map((i) => [i.title, i.published?.toISOString() ?? null])).toEqual([
          ['Open day', day(6)],
          ['Closed on Monday', day(5)],
          ['An old notice', null],
        ]);
      }
      expect(parseFeed((await t.app.inject('/zh/news/channel/notices/feed.xml')).body).items.map((i) => i.title)).toEqual(['周一闭馆']);
      expect(parseFeed((await t.app.inject('/en/news/channel/news/feed.xml')).body).items.map((i) => i.title)).toEqual(['New hall']);
      expect(parseFeed((await t.app.inject('/en/feed.xml')).body).items.map((i) => i.title)).toEqual(['New hall', 'Open day', 'Closed on Monday', 'An old notice']);
      expect((await t.app.inject('/en/news/channel/no-such-channel/feed.xml')).statusCode).toBe(404);

      const page = (await t.app.inject('/en/news/channel/notices/')).body;
      expect(elements(page, 'h1').map(textOf)).toEqual(['Notices']);
      const feedLinks = elements(page, 'link').filter((l) => l.attribs.rel === 'alternate' && l.attribs.type).map((l) => [l.attribs.type, l.attribs.href]);
      expect(feedLinks).toEqual([
        ['application/rss+xml', `${BASE_URL}/en/news/channel/notices/feed.xml`],
        ['application/atom+xml', `${BASE_URL}/en/news/channel/notices/atom.xml`],
        ['application/rss+xml', `${BASE_URL}/en/feed.xml`],
        ['application/atom+xml', `${BASE_URL}/en/atom.xml`],
      ]);
      // With two channels, the news lists link to each.
      const index = (await t.app.inject('/en/news/')).body;
      expect(elements(index, 'a').filter((a) => a.attribs.href?.startsWith('/en/news/channel/')).map((a) => a.attribs.href)).toEqual(['/en/news/channel/news/', '/en/news/channel/notices/']);
      const home = (await t.app.inject('/zh/')).body;
      expect(elements(home, 'link').filter((l) => l.attribs.type === 'application/rss+xml').map((l) => l.attribs.href)).toEqual([`${BASE_URL}/zh/feed.xml`]);
    });
  });

  describe('sitemap and robots.txt', () => {
    const clock = manualClock();
    beforeEach(() => start({ clock }));

    it('lists every page the site lists, dated by its content, with its translations both ways', async () => {
      const later = <T>(work: () => Promise<T>) => {
        clock.advance(60_000);
        return work();
      };
      const zh = await later(() => t.services.news.create(articleInput('zh', '科学院与学校签约', day(2))));
      const en = await later(() => t.services.news.create(articleInput('en', 'Academy and school sign', day(3))));
      const alone = await later(() => t.services.news.create(articleInput('en', 'Only in English', day(4))));
      await t.services.news.linkTranslations(zh, en);
      const zhNews: Article[] = [];
      for (let i = 1; i <= 11; i++) zhNews.push(await later(() => t.services.news.create(articleInput('zh', `消息${i}`, day(10 + i)))));
      const about = await later(() => t.services.pages.create({ lang: 'en', title: 'About', slug: 'about', body: docFromParagraphs(['The Academy.']), status: 'published' }));
      const res = await t.app.inject('/sitemap.xml');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      const urls: { loc: string; lastmod?: string; 'xhtml:link'?: { hreflang: string; href: string }[] }[] = parseXml(res.body).urlset.url;

      const state = await loadSiteState(t.services);
      const html = siteRoutes.filter((r) => !r.type && r.id !== 'search');
      const listed = (await Promise.all(html.map((r) => r.list(ctx(), state)))).flat();
      expect(urls.map((u) => u.loc)).toEqual(listed.map((p) => `${BASE_URL}${p}`));
      expect(listed).toEqual(expect.arrayContaining(['/zh/news/page/2/', '/en/about', '/zh/news/channel/news/']));

      const entry = (path: string) => urls.find((u) => u.loc === `${BASE_URL}${path}`)!;
      const links = (path: string) => (entry(path)['xhtml:link'] ?? []).map((l) => [l.hreflang, l.href]);
      const pair = [['zh-CN', `${BASE_URL}/zh/news/${zh.slug}`], ['en', `${BASE_URL}/en/news/${en.slug}`]];
      expect(links(`/zh/news/${zh.slug}`)).toEqual(pair);
      expect(links(`/en/news/${en.slug}`)).toEqual([pair[1], pair[0]]);
      expect(links(`/en/news/${alone.slug}`)).toEqual([]);
      expect(links('/en/news/')).toEqual([['zh-CN', `${BASE_URL}/zh/news/`], ['en', `${BASE_URL}/en/news/`]]);
      expect(links('/zh/news/page/2/')).toEqual([]);
      // Dated by content: an item by its last change, a list by the newest change among what it shows.
      expect(entry(`/en/news/${alone.slug}`).lastmod).toBe(w3c(alone.updatedAt));
      expect(entry('/en/about').lastmod).toBe(w3c(about.updatedAt));
      expect(entry('/zh/news/').lastmod).toBe(w3c(zhNews[10]!.updatedAt));
      expect(entry('/zh/news/page/2/').lastmod).toBe(w3c(zhNews[0]!.updatedAt));
      expect(entry('/en/').lastmod).toBe(w3c(about.updatedAt));
      // Undated only where nothing is shown: no institution yet, no article in the channel.
      expect(urls.filter((u) => !u.lastmod).map((u) => u.loc.slice(BASE_URL.length))).toEqual(['/zh/institutions/', '/en/institutions/', '/zh/news/channel/news/', '/en/news/channel/news/']);
    });

    it('becomes an index of parts past the limit of addresses, each part listed for the export', async () => {
      expect(SITEMAP_LIMIT).toBe(50_000);
      for (let i = 1; i <= 4; i++) await t.services.news.create(articleInput('en', `Story ${i}`, day(i)));
      const state = await loadSiteState(t.services);
      const all = (await Promise.all(siteRoutes.filter((r) => !r.type && r.id !== 'search').map((r) => r.list(ctx(), state)))).flat();
      const [index, part] = sitemapRoutesWithLimit(5);
      const parts = await part!.list(ctx(), state);
      expect(parts).toEqual(Array.from({ length: Math.ceil(all.length / 5) }, (_, i) => `/sitemaps/${i + 1}.xml`));
      expect(await index!.list(ctx(), state)).toEqual(['/sitemap.xml']);

      const root = parseXml((await index!.render(ctx(), {})).body);
      expect(root.urlset).toBeUndefined();
      expect(root.sitemapindex.sitemap.map((s: { loc: string }) => s.loc)).toEqual(parts.map((p) => `${BASE_URL}${p}`));
      expect(root.sitemapindex.sitemap[0].lastmod).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const inParts: string[] = [];
      for (const p of parts) {
        const urls = parseXml((await part!.render(ctx(), { part: p.match(/\d+/)![0] })).body).urlset.url;
        expect(urls.length).toBeLessThanOrEqual(5);
        inParts.push(...urls.map((u: { loc: string }) => u.loc));
      }
      expect(inParts).toEqual(all.map((p) => `${BASE_URL}${p}`));
      await expect(part!.render(ctx(), { part: String(parts.length + 1) })).rejects.toMatchObject({ code: 'SITEMAP_NOT_FOUND' });

      // Under the limit, the site has one file and no parts.
      expect((await t.app.inject('/sitemaps/1.xml')).statusCode).toBe(404);
      expect(parseXml((await t.app.inject('/sitemap.xml')).body).urlset.url).toHaveLength(all.length);
    });

    it('lets robots in everywhere but the workspace, the API and previews, and names the sitemap', async () => {
      const res = await t.app.inject('/robots.txt');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      const lines = res.body.split('\n');
      expect(lines).toEqual(expect.arrayContaining(['User-agent: *', 'Disallow: /admin/', 'Disallow: /api/', 'Disallow: /preview/', `Sitemap: ${BASE_URL}/sitemap.xml`]));
      expect(lines.filter((l) => l.startsWith('Disallow:'))).toHaveLength(3);
    });
  });

  describe('page metadata', () => {
    it('gives link previews and search engines the article: Open Graph and JSON-LD', async () => {
      await start({ media: {} });
      const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#336699' } }).png().toBuffer();
      const picture = await t.services.media.upload(admin, { data: png, filename: 'hall.png', alt: 'The new hall' });
      const body = { type: 'doc' as const, content: [{ type: 'paragraph' as const, content: [{ type: 'text' as const, text: 'The hall opens.' }] }, { type: 'image' as const, attrs: { mediaId: picture.id, alt: 'The new hall' } }] };
      const a = await publish({ lang: 'en', title: 'A new hall', body, publishedAt: day(9), summary: 'The Planetarium opens a hall.' });
      const zh = await publish({ lang: 'zh', title: '新展厅', publishedAt: day(9) });
      await t.services.news.linkTranslations(a, zh);
      const html = (await t.app.inject(`/en/news/${a.slug}`)).body;
      const og = (key: string) => meta(html, 'property', key);
      expect(og('og:type')).toEqual(['article']);
      expect(og('og:title')).toEqual(['A new hall']);
      expect(og('og:description')).toEqual(['The Planetarium opens a hall.']);
      expect(og('og:url')).toEqual([`${BASE_URL}/en/news/${a.slug}`]);
      expect(og('og:site_name')).toEqual(['Beijing Academy of Science and Technology']);
      expect(og('og:locale')).toEqual(['en_US']);
      expect(og('og:locale:alternate')).toEqual(['zh_CN']);
      expect(og('og:image')[0]).toMatch(new RegExp(`^${BASE_URL}/media/\\d{4}/\\d\\d/[0-9a-f]+-?\\d*\\.(jpg|png)$`));
      expect((await t.app.inject(og('og:image')[0]!.slice(BASE_URL.length))).statusCode).toBe(200);
      expect(og('article:published_time')).toEqual([day(9)]);

      const [org, crumbs, news] = jsonLd(html);
      expect(org).toMatchObject({ '@context': 'https://schema.org', '@type': 'Organization', name: 'Beijing Academy of Science and Technology', url: `${BASE_URL}/en/` });
      expect(crumbs).toMatchObject({ '@type': 'BreadcrumbList' });
      expect(crumbs!.itemListElement.map((c: { position: number; name: string; item: string }) => [c.position, c.name, c.item])).toEqual([
        [1, 'Home', `${BASE_URL}/en/`],
        [2, 'News', `${BASE_URL}/en/news/`],
        [3, 'A new hall', `${BASE_URL}/en/news/${a.slug}`],
      ]);
      expect(news).toMatchObject({
        '@type': 'NewsArticle',
        headline: 'A new hall',
        datePublished: day(9),
        dateModified: (await t.services.news.getPublishedById(a.id)).updatedAt,
        inLanguage: 'en',
        mainEntityOfPage: `${BASE_URL}/en/news/${a.slug}`,
        image: [og('og:image')[0]],
        publisher: { '@type': 'Organization', name: 'Beijing Academy of Science and Technology' },
      });
      // Other pages: a website, the Organization on every one.
      const home = (await t.app.inject('/zh/')).body;
      expect(meta(home, 'property', 'og:type')).toEqual(['website']);
      expect(meta(home, 'property', 'og:image')).toEqual([]);
      expect(jsonLd(home).map((d) => [d['@type'], d.name])).toEqual([['Organization', '北京市科学技术研究院']]);
    });

    it('keeps hostile titles inside their JSON-LD: nothing ends the script early', async () => {
      await start();
      const title = 'Evil </script><script>alert(1)</script><!-- & \u2028 “quoted” \\ end';
      const a = await t.services.news.create({ ...articleInput('en', title, day(1)), slug: 'evil' });
      const html = (await t.app.inject(`/en/news/${a.slug}`)).body;
      // Besides the page's own script files (read aloud), only the structured data is written inline.
      const scripts = elements(html, 'script').filter((s) => s.attribs.src === undefined);
      expect(scripts.map((s) => s.attribs.type)).toEqual(['application/ld+json', 'application/ld+json', 'application/ld+json']);
      for (const s of scripts) expect(textOf(s)).not.toMatch(/[<>&\u2028]/);
      const [, crumbs, news] = jsonLd(html);
      expect(news!.headline).toBe(title);
      expect(crumbs!.itemListElement[2].name).toBe(title);
      expect(meta(html, 'property', 'og:title')).toEqual([title]);
    });

    it('prints the government-site metadata and record numbers only when configured', async () => {
      await start();
      const plain = await publish({ lang: 'zh', title: '天文馆新展厅开放', publishedAt: '2024-03-09T16:30:00.000Z' });
      for (const url of ['/zh/', `/zh/news/${plain.slug}`]) {
        const html = (await t.app.inject(url)).body;
        for (const name of ['SiteName', 'SiteDomain', 'SiteIDCode', 'ColumnName', 'ArticleTitle', 'PubDate', 'ContentSource']) expect(meta(html, 'name', name), name).toEqual([]);
        expect(html).not.toMatch(/beian|ICP备|公网安备|footer-records/);
      }
      await t.close();

      await start({ publishing: PUBLISHING });
      const a = await publish({ lang: 'zh', title: '天文馆新展厅开放', publishedAt: '2024-03-09T16:30:00.000Z' });
      const imported = await t.services.news.create({ ...articleInput('zh', '旧网站的消息', day(1)), legacySource: '北京日报' });
      const html = (await t.app.inject(`/zh/news/${a.slug}`)).body;
      const gov = (name: string) => meta(html, 'name', name);
      expect(gov('SiteName')).toEqual(['北京市科学技术研究院']);
      expect(gov('SiteDomain')).toEqual(['www.example.test']);
      expect(gov('SiteIDCode')).toEqual(['1100000088']);
      expect(gov('ColumnName')).toEqual(['新闻动态']);
      expect(gov('ArticleTitle')).toEqual(['天文馆新展厅开放']);
      expect(gov('PubDate')).toEqual(['2024-03-10 00:30']);
      expect(gov('ContentSource')).toEqual(['北京市科学技术研究院']);
      expect(meta((await t.app.inject(`/zh/news/${imported.slug}`)).body, 'name', 'ContentSource')).toEqual(['北京日报']);
      const notices = await addChannel('notices', '通知公告', 'Notices');
      const notice = await publish({ lang: 'zh', title: '周一闭馆', channelId: notices, publishedAt: day(3) });
      expect(meta((await t.app.inject(`/zh/news/${notice.slug}`)).body, 'name', 'ColumnName')).toEqual(['通知公告']);
      expect(meta((await t.app.inject('/zh/news/channel/notices/')).body, 'name', 'ColumnName')).toEqual(['通知公告']);
      const directory = (await t.app.inject('/zh/institutions/')).body;
      expect(meta(directory, 'name', 'ColumnName')).toEqual(['所属机构']);
      expect(meta(directory, 'name', 'ArticleTitle')).toEqual([]);
      const records = elements(directory, 'p').find((p) => p.attribs.class === 'footer-records')!;
      expect(records.children.filter(isTag).map((l) => [textOf(l), l.attribs.href, l.attribs.rel])).toEqual([
        ['京ICP备12345678号-1', 'https://beian.miit.gov.cn/', 'noopener'],
        ['京公网安备 11010802012345号', 'https://beian.mps.gov.cn/#/query/webSearch?code=11010802012345', 'noopener'],
      ]);
      expect(elements(directory, 'img')).toEqual([]);
    });
  });

  describe('institution profiles', () => {
    beforeEach(() => start());

    it('list the newest ten articles about the institution and link to the rest', async () => {
      const inst = await t.services.institutions.create({ lang: 'en', position: 1, name: 'Beijing Planetarium', profile: docFromParagraphs(['Opened in 1957.']) });
      const other = await t.services.institutions.create({ lang: 'en', position: 2, name: 'Ancient Observatory', profile: null });
      await publish({ lang: 'en', title: 'About the observatory', institutionIds: [other.id], publishedAt: day(20) });
      const profile = () => t.app.inject(`/en/institutions/${inst.slug}`).then((r) => r.body);
      expect(await profile()).not.toContain('Related news');
      expect((await t.app.inject(`/en/institutions/${inst.slug}/news/`)).statusCode).toBe(404);

      for (let i = 1; i <= 10; i++) await publish({ lang: 'en', title: `Planetarium story ${i}`, institutionIds: [inst.id], publishedAt: day(i) });
      let html = await profile();
      expect(elements(html, 'h2').map(textOf)).toContain('Related news');
      expect(newsTitles(html)).toEqual(Array.from({ length: 10 }, (_, i) => `Planetarium story ${10 - i}`));
      expect(html).not.toContain(`/en/institutions/${inst.slug}/news/`);

      await publish({ lang: 'en', title: 'Planetarium story 11', institutionIds: [inst.id], publishedAt: day(11) });
      html = await profile();
      expect(newsTitles(html)).toEqual(Array.from({ length: 10 }, (_, i) => `Planetarium story ${11 - i}`));
      expect(html).toContain(`<a href="/en/institutions/${inst.slug}/news/">All news about Beijing Planetarium →</a>`);
      const list = (await t.app.inject(`/en/institutions/${inst.slug}/news/`)).body;
      expect(elements(list, 'h1').map(textOf)).toEqual(['News about Beijing Planetarium']);
      expect(list).toContain(`href="/en/institutions/${inst.slug}/news/page/2/"`);
      expect(newsTitles(list)).toEqual(Array.from({ length: 10 }, (_, i) => `Planetarium story ${11 - i}`));
      expect(newsTitles((await t.app.inject(`/en/institutions/${inst.slug}/news/page/2/`)).body)).toEqual(['Planetarium story 1']);
    });
  });

  it('serves a kept page only while nothing it shows has changed, whatever changes', async () => {
    await start({ publishing: PUBLISHING });
    const c = ctx();
    /** Every listed address through the live page cache (which drops pages by their dependencies), then rendered afresh. */
    async function expectCacheCurrent(step: string) {
      const state = await loadSiteState(t.services);
      const listed = (await Promise.all(siteRoutes.map((r) => r.list(c, state)))).flat();
      const served = new Map<string, string>();
      for (const url of listed) served.set(url, (await t.app.inject(url)).body);
      liveSiteOf(t.app)!.cache.clear();
      for (const url of listed) expect((await t.app.inject(url)).body, `${step}: ${url}`).toBe(served.get(url));
    }
    const zhInst = await t.services.institutions.create({ lang: 'zh', position: 1, name: '北京天文馆', profile: docFromParagraphs(['1957年开馆。']) });
    const inst = await t.services.institutions.create({ lang: 'en', position: 1, name: 'Beijing Planetarium', profile: docFromParagraphs(['Opened in 1957.']) });
    const notices = await addChannel('notices', '通知公告', 'Notices');
    const stories: Article[] = [];
    for (let i = 1; i <= 10; i++) stories.push(await publish({ lang: 'en', title: `Story ${i}`, institutionIds: [inst.id], channelId: i % 2 ? notices : null, publishedAt: day(i) }));
    const zh = await publish({ lang: 'zh', title: '天文馆消息', publishedAt: day(5) });
    await expectCacheCurrent('warm');

    const edited = stories[3]!;
    await t.services.newsWorkflow.update(admin, edited.id, { title: 'Story four, retitled' }, edited.revision);
    await expectCacheCurrent('an article retitled');
    // Older than the ten the profile shows: only the link to the rest appears there.
    await publish({ lang: 'en', title: 'An older story', institutionIds: [inst.id], channelId: notices, publishedAt: '2024-02-01T02:00:00.000Z' });
    await expectCacheCurrent('an eleventh article about the institution');
    await t.services.news.linkTranslations(zh, stories[0]!);
    await t.services.institutions.linkTranslations(zhInst, inst);
    await expectCacheCurrent('translations paired');
    await t.store.db.updateTable('channel').set({ name_en: 'Announcements' }).where('id', '=', notices).execute();
    await expectCacheCurrent('a channel renamed');
    await t.services.newsWorkflow.transition(admin, stories[9]!.id, { to: 'unpublished' });
    await expectCacheCurrent('an article taken down');
    const current = await t.services.institutionsWorkflow.get(admin, inst.id);
    await t.services.institutionsWorkflow.update(admin, inst.id, { name: 'Beijing Planetarium and Observatory' }, current.revision);
    await expectCacheCurrent('an institution renamed');
  });

  it('prints articles and profiles cleanly: a print stylesheet without navigation', async () => {
    await start();
    const html = (await t.app.inject('/en/')).body;
    const css = (await t.app.inject(elements(html, 'link').find((l) => l.attribs.rel === 'stylesheet')!.attribs.href!)).body;
    expect(css).toContain('@media print');
    const print = css.slice(css.indexOf('@media print'));
    for (const hidden of ['.skip-link', '.nav-bar', '.lang-switch', '.breadcrumbs', '.article-nav', '.footer-nav']) expect(print).toContain(hidden);
    expect(print).toContain('.prose a[href^="http"]::after');
    expect(print).toMatch(/break-inside: avoid/);
    expect(print).toMatch(/break-after: avoid/);
    expect(print).toMatch(/font-size: 11pt/);
  });
});

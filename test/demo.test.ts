import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../src/app/services.js';
import type { DialectName, Store } from '../src/db/index.js';
import { DEMO_ARTICLE_KEY, DEMO_CONTENT, loadDemoIfEmpty } from '../src/demo/index.js';
import { readLegacyFile } from '../src/legacy/index.js';
import { docFromParagraphs, docToPlainText, RichTextDocSchema } from '../src/richtext/index.js';
import { fixedClock } from '../src/shared/clock.js';
import { LANGS, otherLang, type Lang } from '../src/shared/lang.js';
import { guessLang } from '../src/shared/text.js';
import { freshStore, TEST_NOW, testDialects } from './helpers/store.js';
import { seedFile, seedsPresent } from './helpers/seeds.js';

const clock = fixedClock(TEST_NOW);
const ALL = { offset: 0, limit: 100 };

/** Everything a visitor or editor could see, to show that a second load changes nothing. */
async function snapshot(services: Services) {
  const out: Record<string, unknown> = {};
  for (const lang of LANGS) {
    out[`${lang}:institutions`] = await services.institutions.directory(lang);
    out[`${lang}:news`] = await services.news.listPublished(lang, ALL);
    out[`${lang}:pages`] = await services.pages.listPublished(lang, ALL);
  }
  out.articles = await services.news.count();
  return out;
}

describe.each(testDialects())('demo content (%s)', (dialect: DialectName) => {
  let store: Store;
  let services: Services;
  beforeEach(async () => {
    store = await freshStore(dialect);
    services = createServices(store.db, clock);
  });
  afterEach(async () => {
    await store.close();
  });

  describe('into an empty store', () => {
    beforeEach(async () => {
      expect(await loadDemoIfEmpty(store, clock)).toEqual({ loaded: true });
    });

    it.each(LANGS)('has the About page in %s, with the six areas as a list, linked to its translation', async (lang: Lang) => {
      const about = await services.pages.getPublishedBySlug(lang, 'about');
      expect(about.summary).toBeTruthy();
      const text = docToPlainText(about.body);
      for (const fact of ['1984', '28', '5000']) expect(text.replace(/,/g, '')).toContain(fact);
      const lists = about.body.content.filter((b) => b.type === 'bulletList');
      expect(lists).toHaveLength(1);
      expect(lists[0]!.content).toHaveLength(6);
      expect(about.body.content.some((b) => b.type === 'heading' && b.attrs.level === 2)).toBe(true);
      const twin = await services.pages.translationOf(about, otherLang(lang));
      expect(twin?.slug).toBe('about');
      expect(twin?.lang).toBe(otherLang(lang));
    });

    it.each(LANGS)('has the three institutions in %s in the old order, the second without a profile', async (lang: Lang) => {
      const directory = await services.institutions.directory(lang);
      expect(directory.map((i) => i.position)).toEqual([1, 2, 3]);
      expect(directory.map((i) => i.name)).toEqual(
        lang === 'zh'
          ? ['北京市科学技术研究院', '北京市人民政府外事办公室', '北京天文馆']
          : [
              'Beijing Academy of Science and Technology',
              "Foreign Affairs Office of the People's Government of Beijing Municipality",
              'Beijing Planetarium',
            ],
      );
      const [academy, office, planetarium] = directory;
      expect(academy!.profile).not.toBeNull();
      expect(office!.profile).toBeNull();
      expect(planetarium!.profile).not.toBeNull();
      expect(planetarium!.address).toContain('138');
      expect(docToPlainText(planetarium!.profile!)).toContain('59000');
      for (const item of directory) {
        const twin = await services.institutions.translationOf(item, otherLang(lang));
        expect(twin?.position).toBe(item.position);
        expect((await services.institutions.translationOf(twin!, lang))?.id).toBe(item.id);
      }
    });

    it.each(LANGS)('has the school cooperation article in %s: undated, neighbours as plain titles', async (lang: Lang) => {
      const { items, total } = await services.news.listPublished(lang, ALL);
      expect(total).toBe(1);
      const article = items[0]!;
      expect(article.status).toBe('published');
      expect(article.publishedAt).toBeNull();
      expect(article.legacyKey).toBe(DEMO_ARTICLE_KEY);
      expect(article.channelId).toBe((await services.taxonomy.channelBySlug('news'))!.id);
      const body = docToPlainText(article.body);
      for (const count of ['500', '26']) expect(body).toContain(count);

      const { previous, next } = await services.news.neighbours(article);
      expect(previous).toEqual({ title: DEMO_CONTENT[lang].article.legacyPrevTitle, slug: null });
      expect(next).toEqual({ title: DEMO_CONTENT[lang].article.legacyNextTitle, slug: null });

      const twin = await services.news.translationOf(article, otherLang(lang));
      expect(twin?.lang).toBe(otherLang(lang));
      expect((await services.news.translationOf(twin!, lang))?.id).toBe(article.id);
      expect(await services.news.getPublishedBySlug(lang, article.slug)).toMatchObject({ id: article.id });
    });

    it('loads nothing the second time, and changes nothing', async () => {
      const before = await snapshot(services);
      const again = await loadDemoIfEmpty(store, fixedClock('2027-01-01T00:00:00.000Z'));
      expect(again.loaded).toBe(false);
      expect(again.reason).toBeTruthy();
      expect(await snapshot(services)).toEqual(before);
    });
  });

  it('loads nothing over one imported institution', async () => {
    await services.institutions.upsertByLegacyKey({
      lang: 'en',
      position: 1,
      name: 'Beijing Planetarium',
      profile: docFromParagraphs(['An imported profile.']),
      legacyKey: 'name:beijing planetarium',
      legacySource: 'directory.txt',
    });
    const before = await snapshot(services);
    expect((await loadDemoIfEmpty(store, clock)).loaded).toBe(false);
    expect(await snapshot(services)).toEqual(before);
    expect(await services.institutions.directory('zh')).toEqual([]);
  });

  it('loads nothing over one imported article, even a draft', async () => {
    await services.news.upsertImported({
      lang: 'zh',
      title: '一篇导入的稿件',
      body: docFromParagraphs(['正文。']),
      status: 'draft',
      publishedAt: null,
      legacyKey: 'file:one',
    });
    expect((await loadDemoIfEmpty(store, clock)).loaded).toBe(false);
    expect(await services.news.count()).toBe(1);
    expect(await services.institutions.count()).toBe(0);
    expect((await services.pages.listPublished(undefined, ALL)).total).toBe(0);
  });

  it('loads nothing, and leaves no half of the demo, when a draft page already holds the About slug', async () => {
    await services.pages.create({ lang: 'en', slug: 'about', title: 'About (draft)', body: docFromParagraphs(['Draft.']), status: 'draft' });
    expect((await loadDemoIfEmpty(store, clock)).loaded).toBe(false);
    expect(await services.institutions.count()).toBe(0);
    expect(await services.news.count()).toBe(0);
    expect((await services.pages.listPublished(undefined, ALL)).total).toBe(0);
  });
});

describe('demo content itself', () => {
  const docsOf = (lang: Lang) => {
    const c = DEMO_CONTENT[lang];
    return [c.about.body, c.article.body, ...c.institutions.flatMap((i) => (i.profile ? [i.profile] : []))];
  };

  it.each(LANGS)('is valid rich text, written in %s', (lang: Lang) => {
    const c = DEMO_CONTENT[lang];
    for (const d of docsOf(lang)) {
      expect(RichTextDocSchema.safeParse(d).success).toBe(true);
      expect(guessLang(docToPlainText(d))).toBe(lang);
    }
    for (const text of [c.about.title, c.about.summary!, c.article.title, c.article.summary!]) expect(guessLang(text)).toBe(lang);
  });

  it.each(LANGS)('gives the article in %s no year: the old page gave none', (lang: Lang) => {
    const { title, summary, body } = DEMO_CONTENT[lang].article;
    expect([title, summary, docToPlainText(body)].join('\n')).not.toMatch(/(19|20)\d\d/);
  });

  it.skipIf(!seedsPresent)('names the English neighbours exactly as the old page did', async () => {
    const old = await readLegacyFile(seedFile('Beijing School Signed a Contract'));
    if (old.kind !== 'article') throw new Error('the seed should be an article');
    expect(DEMO_CONTENT.en.article.legacyPrevTitle).toBe(old.previous);
    expect(DEMO_CONTENT.en.article.legacyNextTitle).toBe(old.next);
  });
});

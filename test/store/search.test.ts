// Search on every store: segmentation, indexing in step with publishing, filters, ranking, snippets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Migrator } from 'kysely';
import { migrate } from '../../src/app/app.js';
import { inTransaction, type Services } from '../../src/app/services.js';
import { migrations } from '../../src/db/migrations/index.js';
import type { Store } from '../../src/db/index.js';
import type { Actor } from '../../src/people/index.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import { createSearchRepo, createSearchService, queryTokens, snippetOf, tokenize, type SearchQuery } from '../../src/search/index.js';
import { articleInput } from '../helpers/app.js';
import { freshServices, manualClock, testDialects, withSchemaLock } from '../helpers/store.js';

const DAY = 86_400_000;

describe('segmentation', () => {
  it('cuts Chinese into words and folds traditional characters to simplified', () => {
    expect(queryTokens('人工智能的发展')).toEqual(['人工', '智能', '发展']);
    // The index also holds each character, for queries of one character.
    expect(tokenize('人工智能的发展')).toEqual(['人工', '人', '工', '智能', '智', '能', '的', '发展', '发', '展']);
    expect(tokenize('人工智能的發展')).toEqual(tokenize('人工智能的发展'));
    expect(queryTokens('北京天文館')).toEqual(queryTokens('北京天文馆'));
  });

  it('keeps the characters of a word the segmenter does not know together, however it cuts them', () => {
    // ICU cuts 脑机接口 into 脑/机/接口 and 冬奥会 into 冬/奥会: the query needs the pairs across the cuts.
    // Two words typed together stay two words where a character between them may go with either.
    expect(queryTokens('脑机接口')).toEqual(['脑机', '接口']);
    expect(queryTokens('冬奥会')).toEqual(['冬奥', '奥会']);
    expect(queryTokens('碳中和')).toEqual(['碳中', '中和']);
    // Every pair a query needs is in the text where it says the word, whatever the text's cut.
    const inText: [string, string][] = [['脑机接口', '研究院开展脑机接口康复研究'], ['碳中和', '推进碳中和的目标'], ['天文馆', '北京天文馆是我国第一座大型天文馆'], ['日偏食', '直播日偏食全过程']];
    for (const [q, text] of inText)
      expect(tokenize(text), q).toEqual(expect.arrayContaining(queryTokens(q)));
    // Not where the characters are apart.
    expect(tokenize('电脑主机接口改造')).not.toEqual(expect.arrayContaining(queryTokens('脑机接口')));
    // Particles join words: they stay out of pairs, so that several words typed together are not a
    // phrase, and out of the query, but for a query of nothing else.
    expect(queryTokens('北京的天文馆')).toEqual(['北京', '天文', '文馆']);
    expect(queryTokens('的')).toEqual(['的']);
    expect(queryTokens('桥')).toEqual(['桥']);
    expect(queryTokens('北京天文馆活动')).toEqual(['北京', '天文', '馆', '活动']);
  });

  it('stems English words and keeps numbers, whatever the letter case and width', () => {
    expect(tokenize('Planetariums RUNNING studies 2020')).toEqual(['planetarium', 'run', 'studi', '2020']);
    expect(tokenize('ＡＩ research')).toEqual(['ai', 'research']);
  });

  it('takes a query that mixes Chinese and English', () => {
    expect(queryTokens('Beijing 天文馆 talks')).toEqual(['beij', '天文', '文馆', 'talk']);
  });

  it('makes snippets of plain text with the matches marked by place', () => {
    const text = `${'前言。'.repeat(30)}我们研究<script>量子计算</script>的应用。`;
    const { snippet, highlights } = snippetOf(text, new Set(queryTokens('量子')));
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet).toContain('<script>');
    expect(highlights.map(([s, e]) => snippet.slice(s, e))).toEqual(['量子']);
  });

  const marked = ({ snippet, highlights }: { snippet: string; highlights: [number, number][] }) => highlights.map(([s, e]) => snippet.slice(s, e));
  const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  it('finds the match deep in a 50,000-character text, without cutting a character in two', () => {
    // Emoji are two UTF-16 units each: any cut at an odd place would split one.
    const filler = (n: number) => '🌟观测记录。'.repeat(n);
    const text = `${filler(7000)}我们研究量子计算的应用，量子通信也在其中。${filler(1000)}`;
    expect(text.length).toBeGreaterThan(50_000);
    const found = snippetOf(text, new Set(queryTokens('量子')));
    expect(marked(found)).toEqual(['量子', '量子']);
    expect(found.snippet).toMatch(/^….*我们研究量子计算的应用，量子通信也在其中。.*…$/u);
    expect(found.snippet).not.toMatch(loneSurrogate);
    for (let lead = 0; lead < 8; lead++) {
      const shifted = snippetOf(`${'🌟'.repeat(5000 + lead)} comet ${'🌟'.repeat(5000)}`, new Set(queryTokens('comet')));
      expect(marked(shifted)).toEqual(['comet']);
      expect(shifted.snippet).not.toMatch(loneSurrogate);
    }
  });

  it('marks the words a stem came from, and shows the place holding the most of the query', () => {
    // "Come", "comedy" and "happen" look like the query's words at first sight, and are not.
    const filler = 'They come and go, a comedy of errors that happen. '.repeat(1000);
    const text = `${filler}One comet here.${' Filler.'.repeat(16)} Then a comet seen through the telescope by happy visitors.${' More.'.repeat(300)}`;
    const found = snippetOf(text, new Set(queryTokens('comets telescope happiness')));
    expect(marked(found)).toEqual(['comet', 'telescope', 'happy']);
    expect(found.snippet).toMatch(/^…[^…]* Then a comet seen through the telescope by happy visitors\.[^…]*…$/);
    expect(snippetOf(text, new Set(queryTokens('nowhere')))).toEqual({ snippet: `${text.slice(0, 160)}…`, highlights: [] });
  });
});

describe.each(testDialects())('search on %s', (dialect) => {
  let store: Store;
  let services: Services;
  let clock: ReturnType<typeof manualClock>;
  let publisher: Actor;

  const find = (q: string, more: Partial<SearchQuery> = {}) => services.search.search({ q, offset: 0, limit: 10, ...more });
  const titles = async (q: string, more: Partial<SearchQuery> = {}) => (await find(q, more)).items.map((i) => i.title);
  const daysAgo = (n: number) => new Date(clock.now().getTime() - n * DAY).toISOString();

  beforeEach(async () => {
    clock = manualClock();
    ({ store, services } = await freshServices(dialect, clock));
    const u = await services.auth.addUser({ name: 'paul', role: 'publisher', password: 'Violet-Harbour-Lamp-42' });
    publisher = { id: u.id, name: u.name, role: u.role, locale: u.locale };
  });
  afterEach(() => store.close());

  it('finds Chinese text by its words, in simplified or traditional characters', async () => {
    await services.news.create(articleInput('zh', '北京天文馆举办科学讲座', daysAgo(3), ['讲座介绍了人工智能在天文观测中的应用。']));
    await services.news.create(articleInput('zh', '植物园春季花展', daysAgo(2), ['玉兰和桃花相继开放。']));
    expect(await titles('天文馆')).toEqual(['北京天文馆举办科学讲座']);
    expect(await titles('天文館')).toEqual(['北京天文馆举办科学讲座']);
    expect(await titles('人工智慧')).toEqual([]);
    expect(await titles('人工智能 应用')).toEqual(['北京天文馆举办科学讲座']);
    expect(await titles('桃花')).toEqual(['植物园春季花展']);
  });

  it('finds a word the segmenter cuts up only where its characters stand together, and a word by one of its characters', async () => {
    await services.news.create(articleInput('zh', '脑机接口康复训练进入临床试验', daysAgo(3), ['系统采集脑电信号，帮助患者恢复运动功能。']));
    await services.news.create(articleInput('zh', '机房改造完成', daysAgo(1), ['电脑和主机接口全部更新，中心的减碳和节水同步推进。']));
    await services.news.create(articleInput('zh', '研究院发布碳中和路线图', daysAgo(2), ['路线图提出建筑节能、新能源替代两条路径。']));
    await services.news.create(articleInput('zh', '桥梁健康监测系统推广', daysAgo(4), ['传感器采集振动数据。']));
    await services.news.create(articleInput('zh', '古桥石雕数字化保护', daysAgo(5), ['石桥的栏板得到修复。']));
    expect(await titles('脑机接口')).toEqual(['脑机接口康复训练进入临床试验']);
    expect(await titles('腦機接口')).toEqual(['脑机接口康复训练进入临床试验']);
    expect(await titles('碳中和')).toEqual(['研究院发布碳中和路线图']);
    expect(await titles('新能源')).toEqual(['研究院发布碳中和路线图']);
    // One character finds the words holding it (the text saying it twice first); two find only the word, not its characters apart.
    expect(await titles('桥')).toEqual(['古桥石雕数字化保护', '桥梁健康监测系统推广']);
    expect(await titles('橋')).toEqual(['古桥石雕数字化保护', '桥梁健康监测系统推广']);
    expect(await titles('桥梁')).toEqual(['桥梁健康监测系统推广']);
    const found = await find('脑机接口');
    expect(found.items[0]!.titleHighlights.map(([s, e]) => found.items[0]!.title.slice(s, e)).join('')).toBe('脑机接口');
  });

  it('finds English by stem, and a query mixing both languages', async () => {
    await services.news.create(articleInput('en', 'Planetarium opens a new dome', daysAgo(5), ['Visitors watched the stars rising over the city.']));
    await services.news.create({ ...articleInput('zh', '天文馆 Planetarium 开放日', daysAgo(4), ['欢迎参观。']) });
    expect((await titles('planetariums')).sort()).toEqual(['Planetarium opens a new dome', '天文馆 Planetarium 开放日']);
    expect(await titles('star rise')).toEqual(['Planetarium opens a new dome']);
    expect(await titles('planetarium 开放')).toEqual(['天文馆 Planetarium 开放日']);
  });

  it('drops words of more than 64 characters, from the index and from queries alike', async () => {
    const [longest, tooLong, huge] = ['a'.repeat(64), 'b'.repeat(65), 'c'.repeat(3000)];
    await services.news.create(articleInput('en', 'Sequence report', daysAgo(1), [`The reads ${longest}, ${tooLong} and ${huge}.`]));
    expect(await titles(longest)).toEqual(['Sequence report']);
    // PostgreSQL cut such a word short in the index and refused it in a query.
    expect(await find(tooLong)).toMatchObject({ items: [], total: 0 });
    expect(await find(huge)).toMatchObject({ items: [], total: 0 });
    expect(await titles(`${huge} sequence`)).toEqual(['Sequence report']);
  });

  it('counts the documents and the documents holding each word that ranking uses, exact after saves and removals', async () => {
    const counts = async (...tokens: string[]) => {
      const terms = await createSearchRepo(store.db).terms(['', ...tokens]);
      return Object.fromEntries(terms.filter((t) => t.docs).map((t) => [`${t.lang}:${t.token}`, t.docs]));
    };
    await services.news.create(articleInput('en', 'Coral reef survey', daysAgo(2), ['Divers counted the fish near the reef.']));
    const a = await services.newsWorkflow.create(publisher, { lang: 'zh', title: '珊瑚礁调查', body: docFromParagraphs(['潜水员清点了鱼群。']) });
    expect(await counts('珊瑚', 'reef')).toEqual({ 'en:': 1, 'en:reef': 1 });
    for (const to of ['in_review', 'approved', 'published'] as const) await services.newsWorkflow.transition(publisher, a.id, { to });
    expect(await counts('珊瑚', '南海', 'reef')).toEqual({ 'en:': 1, 'en:reef': 1, 'zh:': 1, 'zh:珊瑚': 1 });
    await services.news.create(articleInput('zh', '南海的珊瑚', daysAgo(1), ['珊瑚很美。']));
    await services.newsWorkflow.update(publisher, a.id, { title: '南海鱼群调查' }, (await services.newsWorkflow.get(publisher, a.id)).revision);
    expect(await counts('珊瑚', '南海', 'reef')).toEqual({ 'en:': 1, 'en:reef': 1, 'zh:': 2, 'zh:珊瑚': 1, 'zh:南海': 2 });
    await services.newsWorkflow.transition(publisher, a.id, { to: 'unpublished' });
    expect(await counts('珊瑚', '南海', 'reef')).toEqual({ 'en:': 1, 'en:reef': 1, 'zh:': 1, 'zh:珊瑚': 1, 'zh:南海': 1 });
    await services.search.clear();
    expect(await counts('珊瑚', '南海', 'reef')).toEqual({});
    expect(await services.rebuildSearch()).toBe(2);
    expect(await counts('珊瑚', '南海', 'reef')).toEqual({ 'en:': 1, 'en:reef': 1, 'zh:': 1, 'zh:珊瑚': 1, 'zh:南海': 1 });
  });

  it('ranks a title match above a body match, and the newer first when otherwise equal', async () => {
    await services.news.create(articleInput('en', 'Annual report', daysAgo(1), ['This year the robotics lab grew.']));
    await services.news.create(articleInput('en', 'Robotics lab', daysAgo(300), ['A report of the year.']));
    await services.news.create(articleInput('en', 'Old soil study', daysAgo(400), ['Soil samples.']));
    await services.news.create(articleInput('en', 'New soil study', daysAgo(10), ['Soil samples.']));
    expect(await titles('robotics')).toEqual(['Robotics lab', 'Annual report']);
    expect(await titles('soil')).toEqual(['New soil study', 'Old soil study']);
  });

  it('filters by language, type, channel, institution and year, and pages the results', async () => {
    const inst = await services.institutions.create({ lang: 'en', position: 1, name: 'Institute of Soil Science', profile: docFromParagraphs(['We study soil.']) });
    const channel = await services.taxonomy.channelBySlug('news');
    await services.news.create({ ...articleInput('en', 'Soil in 2024', '2024-06-01T00:00:00.000Z'), channelId: channel!.id, institutionIds: [inst.id] });
    await services.news.create(articleInput('en', 'Soil in 2025', '2025-06-01T00:00:00.000Z'));
    await services.news.create(articleInput('zh', '土壤 soil 研究', '2025-07-01T00:00:00.000Z'));
    await services.pages.create({ lang: 'en', title: 'About soil', body: docFromParagraphs(['Soil pages.']), status: 'published', position: 1 } as never);
    expect((await find('soil')).total).toBe(5);
    expect(await titles('soil', { lang: 'zh' })).toEqual(['土壤 soil 研究']);
    expect(await titles('soil', { type: 'institution' })).toEqual(['Institute of Soil Science']);
    expect(await titles('soil', { type: 'page' })).toEqual(['About soil']);
    expect(await titles('soil', { channelId: channel!.id })).toEqual(['Soil in 2024']);
    expect(await titles('soil', { institutionId: inst.id })).toEqual(['Soil in 2024']);
    expect(await titles('soil', { year: 2025, lang: 'en' })).toEqual(['Soil in 2025']);
    const all = await titles('soil', { limit: 100 });
    const pages = [...(await titles('soil', { limit: 2 })), ...(await titles('soil', { offset: 2, limit: 2 })), ...(await titles('soil', { offset: 4, limit: 2 }))];
    expect(pages).toEqual(all);
  });

  it('finds an institution by its aliases, as they are now', async () => {
    const inst = await services.institutions.create({ lang: 'en', position: 1, name: 'Beijing Academy of Science and Technology', profile: null, aliases: ['BJAST', '北科院'] });
    expect(await titles('bjast')).toEqual(['Beijing Academy of Science and Technology']);
    expect(await titles('北科院', { lang: 'en' })).toEqual(['Beijing Academy of Science and Technology']);
    const found = (await find('BJAST')).items[0]!;
    expect(found.highlights.map(([s, e]) => found.snippet.slice(s, e))).toEqual(['BJAST']);
    const current = await services.institutionsWorkflow.get(publisher, inst.id);
    await services.institutionsWorkflow.update(publisher, inst.id, { aliases: ['Haidian Science Hub'] }, current.revision);
    expect(await titles('bjast')).toEqual([]);
    expect(await titles('haidian')).toEqual(['Beijing Academy of Science and Technology']);
  });

  it('indexes an article when it is published and drops it when it is taken down, in the same transaction', async () => {
    const draft = await services.newsWorkflow.create(publisher, { lang: 'en', title: 'Telescope upgrade', body: docFromParagraphs(['A new mirror.']) });
    expect(await titles('telescope')).toEqual([]);
    for (const to of ['in_review', 'approved', 'published'] as const) await services.newsWorkflow.transition(publisher, draft.id, { to });
    expect(await titles('telescope')).toEqual(['Telescope upgrade']);
    const published = await services.newsWorkflow.get(publisher, draft.id);
    await services.newsWorkflow.update(publisher, draft.id, { title: 'Mirror upgrade' }, published.revision);
    expect(await titles('telescope')).toEqual([]);
    expect(await titles('mirror')).toEqual(['Mirror upgrade']);
    await services.newsWorkflow.transition(publisher, draft.id, { to: 'unpublished' });
    expect(await titles('mirror')).toEqual([]);
  });

  it('leaves the index as it was when a save fails', async () => {
    const a = await services.newsWorkflow.create(publisher, { lang: 'en', title: 'Seismograph network', body: docFromParagraphs(['Stations.']) });
    for (const to of ['in_review', 'approved', 'published'] as const) await services.newsWorkflow.transition(publisher, a.id, { to });
    const current = await services.newsWorkflow.get(publisher, a.id);
    await expect(
      inTransaction(store, clock, async (s) => {
        await s.newsWorkflow.update(publisher, a.id, { title: 'Gravimeter network' }, current.revision);
        throw new Error('the request failed after the save');
      }),
    ).rejects.toThrow('after the save');
    expect(await titles('seismograph')).toEqual(['Seismograph network']);
    expect(await titles('gravimeter')).toEqual([]);
  });

  it('finds a scheduled article once the scheduler publishes it, and one dated later from its time on', async () => {
    const a = await services.newsWorkflow.create(publisher, { lang: 'en', title: 'Comet night', body: docFromParagraphs(['Watch the comet.']) });
    for (const to of ['in_review', 'approved'] as const) await services.newsWorkflow.transition(publisher, a.id, { to });
    await services.newsWorkflow.transition(publisher, a.id, { to: 'scheduled', at: new Date(clock.now().getTime() + DAY).toISOString() });
    await services.news.create(articleInput('en', 'Comet lecture', new Date(clock.now().getTime() + DAY).toISOString()));
    expect(await titles('comet')).toEqual([]);
    clock.advance(DAY + 1000);
    expect(await titles('comet')).toEqual(['Comet lecture']);
    await services.newsWorkflow.runSchedule();
    expect(await titles('comet')).toEqual(['Comet night', 'Comet lecture']);
  });

  it('suggests a shorter query when nothing is found', async () => {
    await services.news.create(articleInput('en', 'Bird migration survey', daysAgo(1)));
    await services.news.create(articleInput('zh', '鸟类迁徙调查', daysAgo(1)));
    expect(await find('bird migration zebra')).toMatchObject({ total: 0, suggestion: 'bird migration' });
    expect(await find('鸟类迁徙 斑马')).toMatchObject({ total: 0, suggestion: '鸟类迁徙' });
    // Words typed apart are left out whole, even one the segmenter cuts into characters (碳|中|和).
    await services.news.create(articleInput('zh', '北京天文馆开放日', daysAgo(1)));
    expect(await find('碳中和 天文馆')).toMatchObject({ total: 0, suggestion: '天文馆' });
    expect(await find('zebra')).toMatchObject({ total: 0, suggestion: null });
  });

  it('finds a Chinese word the segmenter cuts apart only where its characters stand together, however the text was cut', async () => {
    await services.news.create(articleInput('zh', '北京天文馆迎来新展', daysAgo(3), ['展览在天文馆B馆举行。']));
    await services.news.create(articleInput('zh', '碳中和路线图发布', daysAgo(2), ['研究院提出实现碳中和的技术路径。']));
    // The same characters apart: 天文 here, 馆 there; 碳, 中 and 和 each on its own.
    await services.news.create(articleInput('zh', '天文爱好者走进博物馆', daysAgo(1), ['活动中和同学们一起观察碳样品。']));
    expect(await titles('天文馆')).toEqual(['北京天文馆迎来新展']);
    expect(await titles('天文館')).toEqual(['北京天文馆迎来新展']);
    expect(await titles('碳中和')).toEqual(['碳中和路线图发布']);
    // Two words of a query may stand apart in a text.
    expect(await titles('天文 博物馆')).toEqual(['天文爱好者走进博物馆']);
    const { items } = await find('天文馆');
    expect(items[0]!.titleHighlights.map(([s, e]) => items[0]!.title.slice(s, e)).join('')).toBe('天文馆');
  });

  it('suggests, for one word that finds nothing, a title word it may be a misspelling of, or a shorter part of it in Chinese', async () => {
    await services.news.create(articleInput('en', 'Telescope workshop for teachers', daysAgo(1), ['Bring a notebook.']));
    await services.news.create(articleInput('en', 'Television archive opens', daysAgo(2)));
    await services.news.create(articleInput('zh', '天文台开放日', daysAgo(1), ['欢迎参观。']));
    expect(await find('Telscope')).toMatchObject({ total: 0, suggestion: 'telescope' });
    expect(await find(' workshpo ')).toMatchObject({ total: 0, suggestion: 'workshop' });
    expect(await find('televisoin')).toMatchObject({ total: 0, suggestion: 'television' });
    // Three edits away, too short to guess at, or not in the language asked for.
    expect(await find('telxxxpe')).toMatchObject({ total: 0, suggestion: null });
    expect(await find('tel')).toMatchObject({ total: 0, suggestion: null });
    expect(await find('Telscope', { lang: 'zh' })).toMatchObject({ total: 0, suggestion: null });
    expect(await find('天文馆')).toMatchObject({ total: 0, suggestion: '天文' });
    expect((await find('天文')).total).toBe(1);
  });

  it('builds the index for the content a store already has when the search migrations run', async () => {
    await services.news.create(articleInput('en', 'Volcano watch', daysAgo(1)));
    const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations }, ...(store.schema ? { migrationTableSchema: store.schema } : {}) });
    // Back to before the search index existed, then forward again as an upgrade would. Dropping
    // columns under other tests' migrations is done alone (see withSchemaLock).
    await withSchemaLock(dialect, 'exclusive', async () => {
      for (let down = await migrator.migrateDown(); down.results?.[0]?.migrationName !== '0012_search'; down = await migrator.migrateDown())
        expect(down.results?.length).toBe(1);
      await migrate(store, clock);
    });
    expect(await titles('volcano')).toEqual(['Volcano watch']);
  });

  it('builds the index again when it was made with other tokens, or its building never finished', async () => {
    // Opening the store migrates: alongside other tests that drop columns, under the shared lock.
    const upgrade = () => withSchemaLock(dialect, 'shared', () => migrate(store, clock));
    await upgrade();
    await services.news.create(articleInput('en', 'Volcano watch', daysAgo(1)));
    // An index made by an older segmentation (here: one whose entries match nothing today).
    await store.db.updateTable('search_version').set({ tokens: 'older' }).execute();
    await services.search.clear();
    expect(await titles('volcano')).toEqual([]);
    await upgrade();
    expect(await titles('volcano')).toEqual(['Volcano watch']);
    // A start that stopped before the index was built leaves no mark: the next start builds it.
    await store.db.deleteFrom('search_version').execute();
    await services.search.clear();
    await upgrade();
    expect(await titles('volcano')).toEqual(['Volcano watch']);
    // Two instances starting at once: one builds it, the other waits and finds it current.
    await store.db.deleteFrom('search_version').execute();
    await services.search.clear();
    await Promise.all([upgrade(), upgrade()]);
    expect(await titles('volcano')).toEqual(['Volcano watch']);
    // Built and marked, a start leaves it alone.
    await services.search.clear();
    await upgrade();
    expect(await titles('volcano')).toEqual([]);
  });

  it('answers for articles spread over centuries, with hundreds not yet visible, on every page', async () => {
    // One read of a ranking takes a stream per year of publication, and leaves out what is not
    // visible now: an article dated by mistake in 1400, and 450 due next week, once broke it.
    const titlesOf: string[] = [];
    for (let year = 1950; year <= 2025; year++) {
      await services.news.create(articleInput('en', `Comet report ${year}`, `${year}-06-01T00:00:00.000Z`, ['A comet was seen.']));
      titlesOf.push(`Comet report ${year}`);
    }
    await services.news.create(articleInput('en', 'Comet chronicle', '1400-06-01T00:00:00.000Z', ['A comet was seen long ago.']));
    for (let i = 0; i < 450; i++) await services.news.create(articleInput('en', `Comet due ${i}`, daysAgo(-7), ['A comet is coming.']));
    const all: string[] = [];
    for (let offset = 0; ; offset += 50) {
      const r = await find('comet', { offset, limit: 50 });
      expect(r.total).toBe(77);
      all.push(...r.items.map((i) => i.title));
      if (r.items.length < 50) break;
    }
    expect(all.sort()).toEqual([...titlesOf, 'Comet chronicle'].sort());
  }, 120_000);

  it('ranks a query of several words exactly, over many years and pages, and counts its matches exactly or says it estimates', async () => {
    // Every 3rd article also holds "telescope", every 4th "bright": the three words' postings are
    // read by weight, each in turn, and a match is ranked once whichever of them finds it.
    for (let year = 2000; year <= 2025; year++)
      for (let i = 0; i < 3; i++) {
        const n = (year - 2000) * 3 + i;
        const words = ['A comet was seen.', ...(n % 3 === 0 ? ['By telescope.'] : []), ...(n % 4 === 0 ? ['A bright one.'] : []), ...Array<string>(n % 5).fill('Comet again.')];
        await services.news.create(articleInput('en', `Report ${n}`, `${year}-0${i + 1}-01T00:00:00.000Z`, words));
      }
    const all = await find('comet telescope bright', { limit: 50 });
    expect(all).toMatchObject({ total: 7, approximate: false });
    const paged = [...(await titles('comet telescope bright', { limit: 3 })), ...(await titles('comet telescope bright', { offset: 3, limit: 3 })), ...(await titles('comet telescope bright', { offset: 6, limit: 3 }))];
    expect(paged).toEqual(all.items.map((i) => i.title));
    expect((await find('comet telescope')).total).toBe(26);
    // Past a few postings of its rarest word, a count is an estimate, and says so; the results are the same.
    const estimating = createSearchService({ repo: createSearchRepo(store.db), clock, exactUpTo: 10 });
    const estimated = await estimating.search({ q: 'comet telescope', offset: 0, limit: 10 });
    expect(estimated.approximate).toBe(true);
    expect(estimated.total).toBeGreaterThanOrEqual(10);
    expect(estimated.items).toEqual((await find('comet telescope')).items);
    // Even an estimate of none (the newest posting of its rarest word is not a match): the older matches are found.
    const few = createSearchService({ repo: createSearchRepo(store.db), clock, exactUpTo: 1 });
    await services.news.create(articleInput('en', 'Report 99', '2025-09-01T00:00:00.000Z', ['A telescope.']));
    const none = await few.search({ q: 'comet telescope', offset: 0, limit: 10 });
    expect(none).toMatchObject({ total: 10, approximate: true });
    expect(none.items).toEqual((await find('comet telescope')).items);
    // Up to as many postings as its rarest word has, it counts.
    const counting = createSearchService({ repo: createSearchRepo(store.db), clock, exactUpTo: 28 });
    expect(await counting.search({ q: 'comet telescope', offset: 0, limit: 10 })).toMatchObject({ total: 26, approximate: false });
  }, 60_000);

  it('rebuilds the index from the published items', async () => {
    await services.news.create(articleInput('en', 'Glacier data', daysAgo(1)));
    await services.news.create({ ...articleInput('en', 'Glacier draft', null), status: 'draft' });
    await services.search.clear();
    expect(await titles('glacier')).toEqual([]);
    expect(await services.rebuildSearch()).toBe(1);
    expect(await titles('glacier')).toEqual(['Glacier data']);
  });
});

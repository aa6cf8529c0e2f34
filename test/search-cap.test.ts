// A word on every page of a large site: every match is ranked (not only the newest), the total
// counts them all, and the freshness boost is applied exactly however deep its winner lies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articleInput } from './helpers/app.js';
import { freshServices, testDialects, TEST_NOW } from './helpers/store.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe.each(testDialects())('search of a very common word on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof freshServices>>;
  beforeEach(async () => {
    t = await freshServices(dialect);
  });
  afterEach(() => t.store.close());

  it('ranks every match, the oldest too, counts them all, and pages past the first thousand', async () => {
    const n = 1003;
    const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * HOUR).toISOString();
    // The best match is the oldest article: ranking only the newest 1,000 used to miss it.
    await t.services.news.create(articleInput('en', 'Lantern lanterns', '2012-01-01T00:00:00.000Z', ['Lanterns, lanterns.']));
    for (let i = 0; i < n; i++) await t.services.news.create(articleInput('en', `Lantern festival note ${i}`, day(i), ['Paper lanterns along the river.']));
    const first = await t.services.search.search({ q: 'lantern', lang: 'en', offset: 0, limit: 10 });
    expect(first.total).toBe(n + 1);
    expect(first.items[0]!.title).toBe('Lantern lanterns');
    // The others are alike but for their dates: the newer first.
    expect(first.items.slice(1, 4).map((i) => i.title)).toEqual([`Lantern festival note ${n - 1}`, `Lantern festival note ${n - 2}`, `Lantern festival note ${n - 3}`]);
    const past = await t.services.search.search({ q: 'lantern', lang: 'en', offset: 1000, limit: 10 });
    expect(past.items.map((i) => i.title)).toEqual(['Lantern festival note 3', 'Lantern festival note 2', 'Lantern festival note 1', 'Lantern festival note 0']);
    expect(past.total).toBe(n + 1);
  }, 240_000);

  it('puts first a new article that slightly better matches from earlier in the year would outscore without its freshness', async () => {
    const old = new Date('2026-01-02T00:00:00.000Z');
    // Forty articles of January, each a word shorter (so a little better) than the new one.
    for (let i = 0; i < 40; i++) await t.services.news.create(articleInput('en', 'Kite flying notes', new Date(old.getTime() + i * HOUR).toISOString(), ['Kites over the park.']));
    await t.services.news.create(articleInput('en', 'Kite flying notes', new Date(Date.parse(TEST_NOW) - HOUR).toISOString(), ['Kites over the park today.']));
    const found = await t.services.search.search({ q: 'kite', lang: 'en', offset: 0, limit: 10 });
    expect(found.total).toBe(41);
    expect(found.items[0]!.publishedAt).toBe(new Date(Date.parse(TEST_NOW) - HOUR).toISOString());
    expect(found.items[1]!.publishedAt).toBe(new Date(old.getTime() + 39 * HOUR).toISOString());
  }, 60_000);
  // The years before the last three are read together, in the order of weights: exact all the same.
  it('puts first an old article that matches best, and orders the older years by score whatever their year', async () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    // Recent articles, each a plain mention among many words.
    for (let i = 0; i < 30; i++) await t.services.news.create(articleInput('en', `Harbor note ${i}`, new Date(Date.UTC(2024, 0, 1) + i * 20 * DAY).toISOString(), [`The comet ${words(40)}.`]));
    // Older ones, from 2011 on, each naming the comet a different number of times, not in the years' order.
    const times = [2, 7, 4, 9, 1, 6, 3, 8, 5, 10, 0, 11];
    for (const [i, k] of times.entries())
      await t.services.news.create(articleInput('en', `Survey ${k}`, new Date(Date.UTC(2011 + i, 5, 1)).toISOString(), [`${'comet '.repeat(k + 2)}${words(20)}.`]));
    const found = await t.services.search.search({ q: 'comet', lang: 'en', offset: 0, limit: 10 });
    expect(found.total).toBe(42);
    expect(found.items.map((i) => i.title)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map((k) => `Survey ${k}`));
  }, 60_000);

  it('lets freshness decide between near-equal matches either side of the older years, and not between unequal ones', async () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    const at = (y: number) => new Date(Date.UTC(y, 5, 1)).toISOString();
    // A word shorter is a little better: less than 2024's freshness is worth over 2023's.
    await t.services.news.create(articleInput('en', 'Glacier survey notes', at(2023), [words(10)]));
    await t.services.news.create(articleInput('en', 'Glacier survey notes', at(2024), [words(11)]));
    // Ten a little better still but from 2012, read first of the older years: the one of 2023 passes
    // three of them by its freshness, so the older years are read on past them to find it.
    for (let i = 0; i < 10; i++) await t.services.news.create(articleInput('en', `Glacier field log`, new Date(Date.UTC(2012, 0, 1 + i)).toISOString(), [words(i < 3 ? 8 : 9)]));
    // Worse matches of every year.
    for (let y = 2012; y <= 2026; y++)
      for (let i = 0; i < 5; i++) await t.services.news.create(articleInput('en', `Glacier ${y} ${i}`, new Date(Date.UTC(y, 0, 1 + i)).toISOString(), [words(80 + i)]));
    const found = await t.services.search.search({ q: 'glacier', lang: 'en', offset: 0, limit: 3 });
    expect(found.items.map((i) => `${i.title} ${i.publishedAt!.slice(0, 4)}`)).toEqual(['Glacier survey notes 2024', 'Glacier survey notes 2023', 'Glacier field log 2012']);
    // Ten words shorter is better by more than 2024's freshness is worth over 2022's: the older first.
    await t.services.news.create(articleInput('en', 'Glacier survey report', at(2022), [words(30)]));
    await t.services.news.create(articleInput('en', 'Glacier survey report', at(2024), [words(40)]));
    const reports = await t.services.search.search({ q: 'glacier report', lang: 'en', offset: 0, limit: 3 });
    expect(reports.items.map((i) => `${i.title} ${i.publishedAt!.slice(0, 4)}`)).toEqual(['Glacier survey report 2022', 'Glacier survey report 2024']);
  }, 120_000);
});

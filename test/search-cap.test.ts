// A word on every page of a large site: every match is ranked (not only the newest), the total
// counts them all, and the freshness boost is applied exactly however deep its winner lies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articleInput } from './helpers/app.js';
import { freshServices, testDialects, TEST_NOW } from './helpers/store.js';

const HOUR = 3600_000;

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
});

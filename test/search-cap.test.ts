// A word on every page of a large site: the newest matches are ranked, the total still counts all.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RANKED_CANDIDATES } from '../src/search/index.js';
import { articleInput } from './helpers/app.js';
import { freshServices, testDialects } from './helpers/store.js';

describe.each(testDialects())('search of a very common word on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof freshServices>>;
  beforeEach(async () => {
    t = await freshServices(dialect);
  });
  afterEach(() => t.store.close());

  it('counts every match, ranks the newest, and pages no further than it ranks', async () => {
    const n = RANKED_CANDIDATES + 3;
    const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 3600_000).toISOString();
    for (let i = 0; i < n; i++) await t.services.news.create(articleInput('en', `Lantern festival note ${i}`, day(i), ['Paper lanterns along the river.']));
    const first = await t.services.search.search({ q: 'lantern', lang: 'en', offset: 0, limit: 10 });
    expect(first.total).toBe(n);
    expect(first.items[0]!.title).toBe(`Lantern festival note ${n - 1}`);
    const past = await t.services.search.search({ q: 'lantern', lang: 'en', offset: RANKED_CANDIDATES, limit: 10 });
    expect(past.items).toEqual([]);
    expect(past.total).toBe(n);
  }, 120_000);
});

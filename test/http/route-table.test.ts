// The route table lists every public page (the static export will walk the same list): each
// listed address answers 200, an HTML page with a canonical link to that very address, a feed,
// sitemap or robots.txt with its route's type.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../../src/demo/index.js';
import { siteRoutes } from '../../src/site/routes.js';
import { loadSiteState } from '../../src/site/state.js';
import { articleInput, BASE_URL, testApp } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

describe.each(testDialects())('route table on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeEach(async () => {
    t = await testApp(dialect);
  });
  afterEach(() => t.close());

  it('lists every page of both languages, and each one renders', async () => {
    await loadDemoIfEmpty(t.store, t.clock);
    for (let i = 1; i <= 11; i++) await t.services.news.create(articleInput('en', `Story ${i}`, `2024-02-${String(i).padStart(2, '0')}T00:00:00.000Z`));
    const ctx = { services: t.services, baseUrl: BASE_URL, assets: { css: '', icon: '', adminFields: '', search: '', reader: '' } };
    const state = await loadSiteState(t.services);
    const byRoute = await Promise.all(siteRoutes.map(async (route) => ({ route, urls: await route.list(ctx, state) })));
    const listed = byRoute.flatMap((r) => r.urls);
    expect(new Set(listed).size).toBe(listed.length);
    const expected = ['/zh/', '/en/', '/zh/institutions/', '/en/news/', '/en/news/page/2/', '/zh/about', '/en/news/story-11', '/en/feed.xml', '/zh/atom.xml', '/en/news/channel/news/', '/sitemap.xml', '/robots.txt'];
    for (const url of expected) expect(listed).toContain(url);
    expect(listed).not.toContain('/zh/news/page/2/');
    for (const { route, urls } of byRoute)
      for (const url of urls) {
        const res = await t.app.inject(url);
        expect(res.statusCode, url).toBe(200);
        if (route.type) expect(res.headers['content-type'], url).toBe(route.type);
        else expect(res.body, url).toContain(`<link rel="canonical" href="${BASE_URL}${url}"/>`);
      }
  });
});

// Suggestions as one types on the live site, in Chromium against a real server: they come from the
// server's search (traditional characters folded, the last English word unfinished), one request
// when typing pauses, never the whole index; arrow keys, Enter and Escape work as in a combobox.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { articleInput } from '../helpers/app.js';
import { chromiumPresent, serveInChromium, type Served, seriousViolations } from '../helpers/browser.js';
import { env, freshStore, TEST_NOW, TEST_POLICY } from '../helpers/store.js';


describe.skipIf(!chromiumPresent() && !env.isCi)('suggestions as one types on the live site, in Chromium', () => {
  let store: Store;
  let served: Served | undefined;
  let browser: Browser;
  let base: string;
  /** The two Chinese articles in the order the server ranks them for 天文館 (what the page must show). */
  let ranked: string[];

  beforeAll(async () => {
    const clock = fixedClock(TEST_NOW);
    store = await freshStore('sqlite');
    const services = createServices(store.db, clock, TEST_POLICY);
    await services.news.create({ ...articleInput('zh', '北京天文馆举办冬季观星活动', '2024-12-01T02:00:00.000Z', ['科普老师带领市民观测木星。']), slug: 'winter-stars' });
    await services.news.create({ ...articleInput('zh', '天文馆直播日偏食全过程', '2023-04-20T02:00:00.000Z', ['在线观看人数超过十万。']), slug: 'eclipse' });
    await services.news.create({ ...articleInput('en', 'Planetarium hosts a winter stargazing night', '2024-12-01T02:00:00.000Z', ['Visitors looked at Jupiter.']), slug: 'winter-stars' });
    ranked = (await services.search.search({ q: '天文館', lang: 'zh', offset: 0, limit: 10 })).items.map((i) => i.title);
    expect([...ranked].sort()).toEqual(['北京天文馆举办冬季观星活动', '天文馆直播日偏食全过程'].sort());
    served = await serveInChromium(store, services);
    ({ browser, base } = served);
  });
  afterAll(async () => {
    await served?.close();
    await store?.close();
  });

  /** The page, and the addresses it asked for after it loaded. */
  async function open(path: string): Promise<{ page: Page; asked: string[] }> {
    const page = await browser.newPage();
    const asked: string[] = [];
    await page.goto(`${base}${path}`);
    page.on('request', (r) => asked.push(new URL(r.url()).pathname + new URL(r.url()).search));
    return { page, asked };
  }
  const options = (page: Page) => page.getByRole('listbox').getByRole('option');

  it('offers what the server finds for traditional characters, and goes to the one chosen with the keyboard', async () => {
    const { page, asked } = await open('/zh/search');
    const field = page.getByRole('combobox', { name: '搜索关键词' });
    await field.pressSequentially('天文館', { delay: 30 });
    await expect.poll(() => options(page).allTextContents()).toEqual(ranked);
    expect(await field.getAttribute('aria-expanded')).toBe('true');
    // Typed faster than the pause: one request, for the whole word; the index is never fetched.
    expect(asked.filter((u) => u.startsWith('/api/v1/search/suggestions'))).toEqual([`/api/v1/search/suggestions?q=${encodeURIComponent('天文館')}&lang=zh`]);
    expect(asked.some((u) => u.includes('search-index'))).toBe(false);

    await field.press('ArrowDown');
    await field.press('ArrowDown');
    const second = options(page).nth(1);
    expect(await second.getAttribute('aria-selected')).toBe('true');
    expect(await field.getAttribute('aria-activedescendant')).toBe(await second.getAttribute('id'));
    await field.press('ArrowDown');
    expect(await options(page).first().getAttribute('aria-selected')).toBe('true');
    // Up from the first is the last.
    await field.press('ArrowUp');
    await field.press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toBe(ranked[1]);
    await page.close();
  });

  it('closes on Escape, sends the form on Enter when nothing is chosen (the server answers), and goes to a suggestion clicked', async () => {
    const { page } = await open('/en/search');
    const field = page.getByRole('combobox', { name: 'Search for' });
    await field.pressSequentially('planet', { delay: 30 });
    // "planet" is not finished: the server completes it from the titles.
    await expect.poll(() => options(page).allTextContents()).toEqual(['Planetarium hosts a winter stargazing night']);
    await field.press('Escape');
    expect(await page.getByRole('listbox', { includeHidden: true }).isHidden()).toBe(true);
    expect(await field.getAttribute('aria-expanded')).toBe('false');
    expect(await field.inputValue()).toBe('planet');
    await field.press('ArrowDown');
    expect(await page.getByRole('listbox').isVisible()).toBe(true);
    await field.press('Escape');
    await field.fill('planetarium');
    await field.press('Enter');
    await expect.poll(() => page.locator('#search-results .search-status').textContent()).toBe('1 result for “planetarium”.');
    // A click on a suggestion goes to it.
    await page.getByRole('combobox', { name: 'Search for' }).fill('stargazing');
    await options(page).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Planetarium hosts a winter stargazing night');
    await page.close();
  });

  it('sends the form on Enter when nothing is chosen, with the list open', async () => {
    const { page } = await open('/en/search');
    const field = page.getByRole('combobox', { name: 'Search for' });
    await field.pressSequentially('planetarium', { delay: 30 });
    await options(page).first().waitFor();
    await field.press('Enter');
    await expect.poll(() => page.locator('#search-results .search-status').textContent()).toBe('1 result for “planetarium”.');
    await page.close();
  });

  it('shows only the answer to what is in the field, however the answers arrive', async () => {
    const { page } = await open('/en/search');
    // The first answer is held back until the second has been shown.
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/v1/search/suggestions?q=winter*', async (route) => {
      await held;
      await route.continue().catch(() => {});
    });
    const field = page.getByRole('combobox', { name: 'Search for' });
    await field.fill('winter');
    await page.waitForTimeout(400);
    await field.fill('zebra');
    await page.waitForTimeout(400);
    release();
    await page.waitForTimeout(400);
    expect(await options(page).count()).toBe(0);
    expect(await field.getAttribute('aria-expanded')).toBe('false');
    await page.close();
  });

  it('has no serious accessibility problems with the list open, and no sideways scrolling at 320 px', async () => {
    // Our CSP refuses inline scripts, axe's included: the test context bypasses it.
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true });
    const page = await ctx.newPage();
    for (const [path, typed] of [['/zh/search', '天文'], ['/en/search', 'planetarium']]) {
      await page.goto(`${base}${path}`);
      await page.getByRole('combobox').pressSequentially(typed!);
      await options(page).first().waitFor();
      await page.keyboard.press('ArrowDown');
      const violations = await seriousViolations(page);
      expect(violations, path).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), path).toBeLessThanOrEqual(0);
    }
    await ctx.close();
  });

  it('searches without any script: the form is answered by the server', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${base}/zh/search`);
    await page.getByLabel('搜索关键词').fill('天文館');
    await page.getByRole('button', { name: '搜索' }).click();
    await expect.poll(() => page.locator('#search-results h2 a').allTextContents()).toEqual(ranked);
    await ctx.close();
  });
});

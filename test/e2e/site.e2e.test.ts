// The site in a real browser: Debian's Chromium through playwright-core, against a real server.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import { loadDemoIfEmpty } from '../../src/demo/index.js';
import { importFiles, readLegacyFile, type LegacyArticle } from '../../src/legacy/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { chromiumPath, chromiumPresent, serveInChromium, type Served, seriousViolations } from '../helpers/browser.js';
import { seedFile, seedsPresent } from '../helpers/seeds.js';
import { env, freshStore, TEST_NOW, TEST_POLICY } from '../helpers/store.js';


if (!chromiumPresent()) process.stderr.write(`\n[browser] SKIPPED: no Chromium at ${chromiumPath()} (apt-get install chromium)\n\n`);

describe.skipIf(!chromiumPresent() && !env.isCi)('the site in Chromium', () => {
  let store: Store;
  let served: Served | undefined;
  let browser: Browser;
  let base: string;
  const clock = fixedClock(TEST_NOW);

  beforeAll(async () => {
    store = await freshStore('sqlite');
    await loadDemoIfEmpty(store, clock);
    if (seedsPresent) await importFiles(store, clock, [seedFile('[next]:')], { lang: 'en' });
    const services = createServices(store.db, clock, TEST_POLICY);
    await services.auth.addUser({ name: 'alice', role: 'administrator', password: 'correct horse battery staple', locale: 'en' });
    served = await serveInChromium(store, services);
    ({ browser, base } = served);
  });
  afterAll(async () => {
    await served?.close();
    await store?.close();
  });

  it.skipIf(!seedsPresent)('shows the imported English article: title, every paragraph, neighbours', async () => {
    const source = (await readLegacyFile(seedFile('[next]:'))) as LegacyArticle;
    const page = await browser.newPage();
    await page.goto(`${base}/en/news/`);
    await page.getByRole('link', { name: source.title }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(source.title);
    expect(await page.title()).toContain(source.title);
    const paragraphs = await page.locator('article .prose p').allTextContents();
    expect(paragraphs).toEqual(source.paragraphs);
    const nav = page.getByRole('navigation', { name: 'More articles' });
    // Neither neighbour was imported: both are shown as text, not as links.
    await expect.poll(() => nav.locator('.neighbour-prev .neighbour-title').textContent()).toBe(source.previous);
    expect(await nav.locator('.neighbour-next .neighbour-title').textContent()).toBe(source.next);
    expect(await nav.locator('a').count()).toBe(0);
    await page.close();
  });

  it('has no serious accessibility problems (axe-core) and no sideways scrolling at 320 px', async () => {
    // Our CSP refuses inline scripts, axe's included: the test context bypasses it.
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true });
    const page = await ctx.newPage();
    const paths = ['/zh/', '/en/', '/zh/institutions/', '/en/institutions/', '/en/institutions/beijing-planetarium', '/en/news/', '/en/about', '/zh/search?q=北京', '/en/nowhere', '/admin/login'];
    for (const path of paths) {
      await page.goto(`${base}${path}`);
      const violations = await seriousViolations(page);
      expect(violations, path).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    await ctx.close();
  });

  it('lets a keyboard user skip to the content and switch language', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/en/`);
    await page.keyboard.press('Tab');
    const skip = page.locator('.skip-link');
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.boundingBox()).not.toBeNull();
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#main$/);
    await page.getByRole('link', { name: '中文' }).click();
    await page.waitForURL(/\/zh\/$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.close();
  });

  it('signs an editor in and out of the workspace with the real browser (Origin and cookies as browsers send them)', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.getByLabel('Account name').fill('alice');
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/admin`);
    expect(await page.locator('h1').textContent()).toBe('Hello, alice');
    await page.getByRole('link', { name: 'Accounts' }).click();
    expect(await page.locator('h1').textContent()).toBe('Accounts');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/admin/login`);
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.close();
  });
});

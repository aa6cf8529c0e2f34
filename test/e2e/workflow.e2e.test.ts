// From a contributor's draft to the public site, in Chromium: write, submit, approve, publish, and
// the article stands first in the news list with the right neighbour.
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import { buildApp } from '../../src/http/server.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { CHROMIUM_ARGS, chromiumPath, chromiumPresent } from '../helpers/browser.js';
import { env, freshStore, TEST_NOW, TEST_POLICY } from '../helpers/store.js';

const PASSWORD = 'correct horse battery staple';

describe.skipIf(!chromiumPresent() && !env.isCi)('editorial workflow in Chromium', () => {
  let store: Store;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    store = await freshStore('sqlite');
    const services = createServices(store.db, fixedClock(TEST_NOW), TEST_POLICY);
    for (const role of ['contributor', 'editor', 'publisher'] as const) await services.auth.addUser({ name: role, role, password: PASSWORD, locale: 'en' });
    await services.news.create({ lang: 'en', title: 'An older story', body: docFromParagraphs(['Older.']), status: 'published', publishedAt: '2026-01-05T02:00:00.000Z' });
    app = await buildApp({ store, services, baseUrl: 'http://127.0.0.1' });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  async function signIn(name: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Account name').fill(name);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/admin`);
    return page;
  }

  it('goes from draft to the news list', async () => {
    const writer = await signIn('contributor');
    await writer.getByRole('link', { name: 'New article' }).first().click();
    await writer.getByLabel('Language', { exact: true }).selectOption('en');
    await writer.getByLabel('Title', { exact: true }).fill('Telescopes for Beijing School');
    // The rich-text editor (the text area is its fallback without JavaScript).
    await writer.getByRole('textbox', { name: 'Text', exact: true }).click();
    await writer.keyboard.type('The Academy brought five telescopes.');
    await writer.keyboard.press('Enter');
    await writer.keyboard.type('Students used them the same night.');
    await writer.getByRole('button', { name: 'Save' }).click();
    await writer.waitForURL(/\/admin\/articles\/\d+\?done=saved$/);
    const editUrl = writer.url().split('?')[0]!;

    const editor = await signIn('editor');
    await editor.goto(editUrl);
    await editor.getByRole('button', { name: 'Submit for review' }).click();
    await editor.waitForURL(/done=moved/);

    const publisher = await signIn('publisher');
    await expect.poll(() => publisher.getByRole('region', { name: 'Awaiting my review' }).getByRole('link', { name: 'Telescopes for Beijing School' }).count()).toBe(1);
    await publisher.goto(editUrl);
    await publisher.getByRole('button', { name: 'Approve' }).click();
    await publisher.waitForURL(/done=moved/);
    await publisher.getByRole('button', { name: 'Publish' }).click();
    await publisher.waitForURL(/done=moved/);

    const visitor = await browser.newPage();
    await visitor.goto(`${base}/en/news/`);
    expect(await visitor.locator('.news-title').allTextContents()).toEqual(['Telescopes for Beijing School', 'An older story']);
    await visitor.getByRole('link', { name: 'Telescopes for Beijing School' }).click();
    expect(await visitor.locator('article .prose p').allTextContents()).toEqual(['The Academy brought five telescopes.', 'Students used them the same night.']);
    expect(await visitor.locator('.neighbour-prev a').textContent()).toBe('An older story');
    expect(await visitor.locator('.neighbour-next .neighbour-title').textContent()).toBe('None');
  });
});

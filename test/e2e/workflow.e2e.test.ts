// The story, in Chromium: a contributor writes an article with a library image and submits
// it; a publisher reads the difference between its revisions, approves and publishes it; visitors
// find it first in the news list, with its picture and the right neighbours.
import sharp from 'sharp';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { chromiumPresent, serveInChromium, type Served } from '../helpers/browser.js';
import { tempMedia } from '../helpers/media.js';
import { env, freshStore, TEST_NOW, TEST_POLICY } from '../helpers/store.js';

const PASSWORD = 'correct horse battery staple';

describe.skipIf(!chromiumPresent() && !env.isCi)('editorial workflow in Chromium', () => {
  let store: Store;
  let served: Served | undefined;
  let browser: Browser;
  let base: string;
  let media: Awaited<ReturnType<typeof tempMedia>> | undefined;

  beforeAll(async () => {
    store = await freshStore('sqlite');
    media = await tempMedia();
    const services = createServices(store.db, fixedClock(TEST_NOW), TEST_POLICY, media.settings);
    const users: Record<string, { id: number; name: string; role: 'contributor' | 'editor' | 'publisher'; locale: 'en' }> = {};
    for (const role of ['contributor', 'editor', 'publisher'] as const) users[role] = { ...(await services.auth.addUser({ name: role, role, password: PASSWORD, locale: 'en' })), role, locale: 'en' };
    await services.news.create({ lang: 'en', title: 'An even older story', body: docFromParagraphs(['Oldest.']), status: 'published', publishedAt: '2025-11-02T02:00:00.000Z' });
    await services.news.create({ lang: 'en', title: 'An older story', body: docFromParagraphs(['Older.']), status: 'published', publishedAt: '2026-01-05T02:00:00.000Z' });
    // The photo desk put a picture in the library; the contributor picks it.
    const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#203050' } }).jpeg().toBuffer();
    await services.media.upload(users.editor, { data: photo, filename: 'dome-night.jpg', alt: 'The planetarium dome at night' });
    served = await serveInChromium(store, services);
    ({ browser, base } = served);
  });
  afterAll(async () => {
    await served?.close();
    await store?.close();
    await media?.remove();
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

  it('goes from a contributor\'s draft with a picture, through review of the difference, to the news list', async () => {
    const writer = await signIn('contributor');
    await writer.getByRole('link', { name: 'New article' }).first().click();
    await writer.getByLabel('Language', { exact: true }).selectOption('en');
    await writer.getByLabel('Title', { exact: true }).fill('Telescopes for Beijing School');
    // The rich-text editor (the text area is its fallback without JavaScript).
    await writer.getByRole('textbox', { name: 'Text', exact: true }).click();
    await writer.keyboard.type('The Academy brought five telescopes.');
    await writer.keyboard.press('Enter');
    // A picture from the media library; its alt text is proposed and required.
    await writer.getByRole('toolbar', { name: 'Text formatting' }).getByRole('button', { name: 'Insert image from the media library', exact: true }).click();
    const dialog = writer.getByRole('dialog', { name: 'Media library' });
    await dialog.getByRole('button', { name: 'dome-night.jpg' }).click();
    expect(await dialog.getByLabel('Alt text (required)').inputValue()).toBe('The planetarium dome at night');
    await dialog.getByRole('button', { name: 'Insert image' }).click();
    await writer.getByRole('button', { name: 'Save', exact: true }).click();
    await writer.waitForURL(/\/admin\/articles\/\d+\?done=saved$/);
    const editUrl = writer.url().split('?')[0]!;
    // A second thought, saved as a second revision; then the contributor submits it.
    await writer.locator('#rte-content p').first().click();
    await writer.keyboard.press('End');
    await writer.keyboard.type(' Students used them the same night.');
    await writer.getByRole('button', { name: 'Save', exact: true }).click();
    await writer.waitForURL(/done=saved/);
    await writer.getByRole('button', { name: 'Submit for review' }).click();
    await writer.waitForURL(/done=moved/);

    const publisher = await signIn('publisher');
    await expect.poll(() => publisher.getByRole('region', { name: 'Awaiting my review' }).getByRole('link', { name: 'Telescopes for Beijing School' }).count()).toBe(1);
    await publisher.goto(editUrl);
    // The publisher reads what changed between the revisions, word by word.
    await publisher.getByRole('link', { name: 'Revisions' }).click();
    await publisher.locator('select#from').selectOption('1');
    await publisher.getByRole('button', { name: 'Compare' }).click();
    expect((await publisher.locator('.diff ins').allTextContents()).join('')).toContain('Students used them the same night.');
    await publisher.goto(editUrl);
    await publisher.getByRole('button', { name: 'Approve' }).click();
    await publisher.waitForURL(/done=moved/);
    await publisher.getByRole('button', { name: 'Publish' }).click();
    await publisher.waitForURL(/done=moved/);

    const visitor = await browser.newPage();
    await visitor.goto(`${base}/en/news/`);
    expect(await visitor.locator('.news-title').allTextContents()).toEqual(['Telescopes for Beijing School', 'An older story', 'An even older story']);
    await visitor.getByRole('link', { name: 'Telescopes for Beijing School' }).click();
    expect((await visitor.locator('article .prose > p').allTextContents()).filter((p) => p.trim() !== '')).toEqual(['The Academy brought five telescopes. Students used them the same night.']);
    const picture = visitor.locator('article .prose figure img');
    expect(await picture.getAttribute('alt')).toBe('The planetarium dome at night');
    expect(await picture.getAttribute('srcset')).toMatch(/\/media\/.+ 480w/);
    expect(await picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await visitor.locator('.neighbour-prev a').textContent()).toBe('An older story');
    expect(await visitor.locator('.neighbour-next .neighbour-title').textContent()).toBe('None');
  });
});

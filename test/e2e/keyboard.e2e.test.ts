// The workspace with the keyboard alone, in Chromium: after opening the sign-in page, only keys
// (Tab, Shift+Tab, Enter, Space, arrows, typing): no clicks, no addresses typed. At every Tab stop
// the focused element must be in view, not covered, and visibly marked (tabTo checks each stop).
import sharp from 'sharp';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEditor } from '../../scripts/build-editor.mjs';
import { createServices, type Services } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import type { Actor } from '../../src/people/index.js';
import { docFromParagraphs, docToParagraphs, type RichTextDoc } from '../../src/richtext/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { chromiumPresent, pressKey, serveInChromium, tabTo, type FocusStop, type Served } from '../helpers/browser.js';
import { tempMedia } from '../helpers/media.js';
import { env, freshStore, TEST_NOW, TEST_POLICY } from '../helpers/store.js';

const PASSWORD = 'correct horse battery staple';
/**
 * Keys from a script come faster than any hand: the editor learns where a caret key put the caret
 * from the page's selectionchange event, so let that run before the next key.
 */
const caretSeen = (page: Page) => page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0))));
/** A stop with this accessible name (its text, label or aria-label), exactly. */
const named = (name: string) => (s: FocusStop) => s.name === name;

describe.skipIf(!chromiumPresent() && !env.isCi)('the workspace with the keyboard only', () => {
  let store: Store;
  let services: Services;
  let served: Served | undefined;
  let browser: Browser;
  let base: string;
  let writer: Actor;
  let editor: Actor;
  let draft: number;
  /** A long article by an editor, with a library picture in the middle of it. */
  let long: number;
  let media: Awaited<ReturnType<typeof tempMedia>> | undefined;

  beforeAll(async () => {
    await buildEditor();
    store = await freshStore('sqlite');
    media = await tempMedia();
    services = createServices(store.db, fixedClock(TEST_NOW), TEST_POLICY, media.settings);
    const add = async (name: string, role: Actor['role']) => ({ id: (await services.auth.addUser({ name, role, password: PASSWORD, locale: 'en' })).id, name, role, locale: 'en' as const });
    writer = await add('writer', 'contributor');
    const admin = await add('admin', 'administrator');
    editor = await add('li', 'editor');
    draft = (await services.newsWorkflow.create(writer, { lang: 'en', title: 'Telescopes for schools', body: docFromParagraphs(['The Academy lent five telescopes.']) })).id;
    const picture = (background: string) => sharp({ create: { width: 480, height: 320, channels: 3, background } }).jpeg().toBuffer();
    const dome = await services.media.upload(admin, { data: await picture('#102040'), filename: 'dome-night.jpg', alt: 'The dome at night' });
    await services.media.upload(admin, { data: await picture('#405060'), filename: 'telescope.jpg', alt: 'A telescope on the lawn' });
    const paragraphs = (from: number) => docFromParagraphs(Array.from({ length: 10 }, (_, i) => `Paragraph ${from + i} of the open day's programme, long enough to fill a line or two of the editor.`)).content;
    const body = { type: 'doc', content: [...paragraphs(1), { type: 'image', attrs: { mediaId: dome.id, alt: 'The dome at night', caption: null } }, ...paragraphs(11)] } as RichTextDoc;
    long = (await services.newsWorkflow.create(editor, { lang: 'en', title: 'Open day programme', body })).id;
    served = await serveInChromium(store, services);
    ({ browser, base } = served);
  });
  afterAll(async () => {
    await served?.close();
    await store?.close();
    await media?.remove();
  });

  /** The sign-in page (the only address opened), then the form filled and sent with keys. */
  async function signIn(name: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${base}/admin/login`);
    await tabTo(page, named('Account name'));
    await page.keyboard.type(name);
    await tabTo(page, named('Password'));
    await page.keyboard.type(PASSWORD);
    await tabTo(page, named('Sign in'));
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/admin`);
    return page;
  }

  it('lets a contributor sign in, open a draft, change its text, save it and submit it for review', async () => {
    const page = await signIn('writer');
    // The dashboard lists the draft under "My drafts".
    await tabTo(page, page.getByRole('region', { name: 'My drafts' }).getByRole('link', { name: 'Telescopes for schools' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/admin/articles/${draft}`);
    await page.locator('#rte-mount:not([hidden])').waitFor();
    // Into the text, to its end, and a sentence more; then a new paragraph in bold, turned on from
    // the toolbar (one Tab stop, its buttons reached with the arrow keys).
    const text = page.getByRole('textbox', { name: 'Text', exact: true });
    await tabTo(page, text);
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Pupils saw the rings of Saturn.');
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('toolbar', { name: 'Text formatting' }).getByRole('button'), { back: true, max: 1 });
    const bold = page.getByRole('toolbar', { name: 'Text formatting' }).getByRole('button', { name: 'Bold', exact: true });
    for (let i = 0; i < 12 && !(await bold.evaluate((b) => b === document.activeElement)); i++) await pressKey(page, 'ArrowRight');
    await page.keyboard.press('Space');
    expect(await bold.getAttribute('aria-pressed')).toBe('true');
    // The command done, focus goes back to the text, as after a click: typing goes on there.
    await expect.poll(() => text.evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.type('Come again in spring.');
    // The title, on the way back up: Shift+Tab.
    await tabTo(page, page.getByLabel('Title', { exact: true }), { back: true });
    await page.keyboard.press('End');
    await page.keyboard.type(' in Beijing');
    await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=saved/);
    await tabTo(page, page.getByRole('button', { name: 'Submit for review' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=moved/);
    await page.getByRole('status').waitFor();

    const stored = await services.newsWorkflow.get(writer, draft);
    expect(stored.title).toBe('Telescopes for schools in Beijing');
    expect(docToParagraphs(stored.body)).toEqual(['The Academy lent five telescopes. Pupils saw the rings of Saturn.', 'Come again in spring.']);
    expect(stored.body.content[1]).toMatchObject({ content: [{ text: 'Come again in spring.', marks: [{ type: 'bold' }] }] });
    expect(stored.status).toBe('in_review');
  });

  it('lets an administrator skip to the content, add a redirect, switch the workspace to Chinese and sign out', async () => {
    const page = await signIn('admin');
    // The first stop is the skip link; it moves focus to the main content.
    const [first] = await tabTo(page, named('Skip to main content'), { max: 1 });
    expect(first!.href).toBe('#main');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // Redirects, from the navigation: a new one, its kind chosen with the arrow keys.
    await tabTo(page, page.getByRole('navigation').getByRole('link', { name: 'Redirects' }), { back: true });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/admin/redirects`);
    await tabTo(page, page.getByLabel('Address', { exact: true }));
    await page.keyboard.type('/Html/Article/20200101/17.html');
    await tabTo(page, page.locator('form.redirect-add select'));
    await page.keyboard.press('ArrowDown');
    await tabTo(page, page.getByLabel('Goes to', { exact: true }));
    await page.keyboard.type('/en/news/');
    await tabTo(page, page.locator('form.redirect-add').getByRole('button', { name: 'Add' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/redirects\?/);
    expect(await services.redirects.find('/Html/Article/20200101/17.html')).toMatchObject({ toPath: '/en/news/', statusCode: 302 });

    // One's own account, reached from the greeting in the header; the language chosen with arrows.
    await tabTo(page, page.getByRole('link', { name: /^Hello, admin/ }), { back: true });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/admin/account`);
    await tabTo(page, page.getByLabel('Workspace language'));
    await page.keyboard.press('ArrowUp');
    await tabTo(page, page.getByRole('button', { name: 'Save language' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=locale/);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    // Signing out: a button in the header, pressed with Space.
    await tabTo(page, page.getByRole('button', { name: '退出登录' }), { back: true });
    await page.keyboard.press('Space');
    await page.waitForURL(`${base}/admin/login`);
  });

  it('lets an editor insert a library picture with its alt text, and reach the fields of every picture in a long text', async () => {
    const page = await signIn('li');
    await tabTo(page, page.getByRole('region', { name: 'My drafts' }).getByRole('link', { name: 'Open day programme' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/admin/articles/${long}`);
    await page.locator('#rte-mount:not([hidden])').waitFor();
    // Through the text to the picture in its middle: its alt text is a field of its own.
    const text = page.getByRole('textbox', { name: 'Text', exact: true });
    await tabTo(page, text);
    await tabTo(page, text.getByLabel('Caption', { exact: true }));
    await page.keyboard.type('The dome seen from the car park');
    // A second picture at the end, from the library: the toolbar's button, then the dialog.
    await tabTo(page, text, { back: true });
    await page.keyboard.press('Control+End');
    await caretSeen(page);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Pictures of the day:');
    const toolbar = page.getByRole('toolbar', { name: 'Text formatting' });
    await tabTo(page, toolbar.getByRole('button'), { back: true, max: 1 });
    const insertImage = toolbar.getByRole('button', { name: 'Insert image from the media library', exact: true });
    for (let i = 0; i < 20 && !(await insertImage.evaluate((b) => b === document.activeElement)); i++) await pressKey(page, 'ArrowRight');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Media library' });
    await dialog.getByRole('button', { name: 'telescope.jpg' }).waitFor();
    await tabTo(page, dialog.getByRole('button', { name: 'telescope.jpg' }));
    await page.keyboard.press('Enter');
    await tabTo(page, dialog.getByLabel('Alt text (required)'));
    expect(await dialog.getByLabel('Alt text (required)').inputValue()).toBe('A telescope on the lawn');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('A telescope on the lawn at dusk');
    await tabTo(page, dialog.getByRole('button', { name: 'Insert image', exact: true }));
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => text.evaluate((e) => e === document.activeElement)).toBe(true);
    // Back up from Save to the toolbar past both pictures' fields: each in view, none under the
    // toolbar that stays at the top of the screen while the text scrolls (WCAG 2.4.11).
    await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }));
    await tabTo(page, toolbar.getByRole('button'), { back: true });
    await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=saved/);

    // The text as a reader meets it: the caption written on the first picture, the second picture
    // after the new last paragraph.
    const blocks = (await services.newsWorkflow.get(editor, long)).body.content
      .map((b) => (b.type === 'image' ? `[${b.attrs.alt} | ${b.attrs.caption ?? ''}]` : docToParagraphs({ type: 'doc', content: [b] }).join('')))
      .filter((b) => b !== '');
    expect(blocks.slice(9, 11)).toEqual([expect.stringMatching(/^Paragraph 10 /), '[The dome at night | The dome seen from the car park]']);
    expect(blocks.slice(-3)).toEqual([expect.stringMatching(/^Paragraph 20 /), 'Pictures of the day:', '[A telescope on the lawn at dusk | ]']);
  });
});

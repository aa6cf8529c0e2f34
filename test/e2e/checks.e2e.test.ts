// The editor's accessibility panel in Chromium: a pasted image without alt text, a heading too
// deep and a vague link show as the author types; each warning's button takes the author to the
// problem, and fixing it clears the warning. The panel itself passes axe's WCAG A/AA rules.
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEditor } from '../../scripts/build-editor.mjs';
import { createServices, type Services } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import type { Actor } from '../../src/people/index.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import { systemClock } from '../../src/shared/clock.js';
import { chromiumPresent, serveInChromium, tabTo, WCAG_AA_TAGS, type Served } from '../helpers/browser.js';
import { tempMedia } from '../helpers/media.js';
import { env, freshStore, TEST_POLICY } from '../helpers/store.js';

const PASSWORD = 'correct horse battery staple';
const axeSource: string = createRequire(import.meta.url)('axe-core').source;
const SHOTS = process.env.BEIGUAN_SCREENSHOTS; // a folder: write the panel's screenshot there

describe.skipIf(!chromiumPresent() && !env.isCi)('the editor\'s accessibility checks in Chromium', () => {
  let store: Store;
  let services: Services;
  let served: Served | undefined;
  let writer: Actor;
  let dome: number;
  let media: Awaited<ReturnType<typeof tempMedia>> | undefined;

  beforeAll(async () => {
    await buildEditor();
    store = await freshStore('sqlite');
    media = await tempMedia();
    services = createServices(store.db, systemClock, TEST_POLICY, media.settings);
    const user = await services.auth.addUser({ name: 'writer', role: 'editor', displayName: 'Wang Wei', password: PASSWORD, locale: 'en' });
    writer = { id: user.id, name: 'writer', role: 'editor', locale: 'en' };
    const picture = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#102040' } }).jpeg().toBuffer();
    dome = (await services.media.upload(writer, { data: picture, filename: 'dome-night.jpg', alt: 'The dome' })).id;
    served = await serveInChromium(store, services);
  });
  afterAll(async () => {
    await served?.close();
    await store?.close();
    await media?.remove();
  });

  async function signIn(): Promise<{ page: Page; problems: string[] }> {
    const page = await (await served!.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
    });
    await page.goto(`${served!.base}/admin/login`);
    await page.getByLabel('Account name').fill('writer');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${served!.base}/admin`);
    return { page, problems };
  }

  /** axe's WCAG A/AA violations on the page, the panel included; run from the test, so the page keeps its CSP. */
  async function wcagIssues(page: Page): Promise<string[]> {
    await page.evaluate(axeSource);
    return page.evaluate(async (tags) => {
      const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
    }, WCAG_AA_TAGS);
  }

  const panel = (page: Page) => page.getByRole('region', { name: 'Accessibility checks' });
  const count = (page: Page) => panel(page).getByRole('status');
  const warning = (page: Page, text: string | RegExp) => panel(page).getByRole('button', { name: text });

  it('lists what the author pastes and types, takes them to each problem, and clears what they fix', async () => {
    const { page, problems } = await signIn();
    const a = await services.newsWorkflow.create(writer, { lang: 'en', title: 'Night at the dome', body: docFromParagraphs(['The dome opens at night.']) });
    await page.goto(`${served!.base}/admin/articles/${a.id}`);
    await expect.poll(() => count(page).textContent()).toBe('Nothing to fix.');

    // A paste from another page of the site: our image, without its alt text.
    await page.locator('#rte-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.evaluate((id) => {
      const data = new DataTransfer();
      data.setData('text/html', `<img data-media-id="${id}" src="/media/x.jpg"><h4>Tickets</h4>`);
      document.querySelector('#rte-content')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, dome);
    await expect.poll(() => count(page).textContent()).toBe('2 to fix');
    await expect.poll(() => panel(page).getByRole('listitem').allTextContents()).toEqual([
      `Image #${dome} has no alt text: describe what it shows, or the image is left out when the text is saved.`,
      'The first heading, “Tickets”, is level 4: start at level 2.',
    ]);

    // The image's button goes straight to its alt text; once written, the warning goes.
    await warning(page, /has no alt text/).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).labels?.[0]?.textContent)).toBe('Alt text');
    await page.keyboard.type('The dome under the stars');
    await expect.poll(() => count(page).textContent()).toBe('1 to fix');

    // A vague link, typed: listed while the heading's warning stays.
    await page.evaluate(() => (window as unknown as { beiguanEditor: { commands: { focus(at: string): void } } }).beiguanEditor.commands.focus('end'));
    await page.keyboard.press('Enter');
    await page.keyboard.type('Book online: ');
    await page.evaluate(() => {
      const editor = (window as unknown as { beiguanEditor: { chain(): any } }).beiguanEditor;
      editor.chain().focus().insertContent({ type: 'text', text: 'click here', marks: [{ type: 'link', attrs: { href: '/en/tickets' } }] }).run();
    });
    await expect.poll(() => count(page).textContent()).toBe('2 to fix');
    await expect(warning(page, 'The link text “click here” does not say where it goes: use the name of what it leads to.').count()).resolves.toBe(1);

    expect(await wcagIssues(page)).toEqual([]);
    if (SHOTS) await panel(page).screenshot({ path: `${SHOTS}/admin-checks.png` });

    // By keyboard, from the text (focus seen at every stop): the heading's button selects the heading, and H2 makes it right.
    await page.evaluate(() => (window as unknown as { beiguanEditor: { commands: { focus(at: string): void } } }).beiguanEditor.commands.focus('end'));
    await tabTo(page, warning(page, /The first heading/));
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('Tickets');
    await page.getByRole('toolbar', { name: 'Text formatting' }).getByRole('button', { name: 'Heading 2', exact: true }).click();
    await expect.poll(() => count(page).textContent()).toBe('1 to fix');

    // Saved with the link still vague: the saved text's notice is the panel's (one list, not two).
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/done=saved/);
    await expect.poll(() => count(page).textContent()).toBe('1 to fix');
    expect(await page.locator('#checks-notice').isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('shows a page\'s saved warnings and the box to confirm them when submitting is refused, within WCAG A/AA', async () => {
    const { page, problems } = await signIn();
    const body = { type: 'doc' as const, content: [{ type: 'paragraph' as const, content: [{ type: 'text' as const, text: '点击这里', marks: [{ type: 'link' as const, attrs: { href: '/zh/hours' } }] }] }] };
    const item = await services.pagesWorkflow.create(writer, { lang: 'zh', title: '开放时间', body });
    await page.goto(`${served!.base}/admin/pages/${item.id}`);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForLoadState();
    const notice = page.getByRole('region', { name: 'Accessibility checks' });
    expect(await notice.getByRole('listitem').allTextContents()).toEqual(['The link text “点击这里” does not say where it goes: use the name of what it leads to.']);
    await page.getByRole('checkbox', { name: /Submit with these warnings/ }).check();
    expect(await wcagIssues(page)).toEqual([]);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/done=moved/);
    expect((await services.pagesWorkflow.get(writer, item.id)).status).toBe('in_review');
    expect(problems).toEqual([]);
  });
});

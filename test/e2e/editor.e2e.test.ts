// The rich-text editor in Chromium, under the real CSP: formatting with the toolbar, tables, an
// image from the media library (alt text required), paste from Word, autosave without pressing
// Save, and two people on one article: the second is refused, sees both versions, loses nothing.
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEditor } from '../../scripts/build-editor.mjs';
import { createServices, type Services } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import type { Actor } from '../../src/people/index.js';
import { docFromParagraphs, type RichTextDoc } from '../../src/richtext/index.js';
import { systemClock } from '../../src/shared/clock.js';
import { chromiumPresent, serveInChromium, type Served } from '../helpers/browser.js';
import { tempMedia } from '../helpers/media.js';
import { env, freshStore, TEST_POLICY } from '../helpers/store.js';

const PASSWORD = 'correct horse battery staple';
const axeSource: string = createRequire(import.meta.url)('axe-core').source;
const SHOTS = process.env.BEIGUAN_SCREENSHOTS; // a folder: write the editor's screenshots there

/** What Word 2016 puts on the clipboard for a heading, a styled paragraph, a nested list and a table. */
const WORD_HTML = `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=Generator content="Microsoft Word 15">
<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]-->
<style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; font-size:10.5pt; font-family:等线;} @list l0:level1 {mso-level-number-format:bullet;} --></style></head>
<body lang=ZH-CN style='tab-interval:21.0pt'>
<!--StartFragment-->
<h1 style='mso-list:none'><span lang=EN-US>Open Day at the Planetarium<o:p></o:p></span></h1>
<p class=MsoNormal style='text-indent:21.0pt'><span style='font-family:宋体;mso-ascii-font-family:等线'>The <b style='mso-bidi-font-weight:normal'>Beijing Planetarium</b> opens its <i>new dome</i> to the public; see <a href="https://www.bjp.org.cn/">its site</a> or <a href="javascript:alert(1)" onclick="alert(2)">this</a>.<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span lang=EN-US style='mso-fareast-font-family:等线'><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span lang=EN-US>Book a ticket<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:39.0pt;mso-add-space:auto;text-indent:-18.0pt;mso-list:l1 level2 lfo2'><![if !supportLists]><span lang=EN-US style='font-family:Wingdings'><span style='mso-list:Ignore'>§<span style='font:7.0pt "Times New Roman"'>&nbsp; </span></span></span><![endif]><span lang=EN-US>online<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span lang=EN-US><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span lang=EN-US>Come early<o:p></o:p></span></p>
<p class=MsoNormal><!--[if gte vml 1]><v:shape id="Picture_1" style='width:100pt;height:80pt'><v:imagedata src="file:///C:/Users/x/AppData/Local/Temp/msohtmlclip1/01/clip_image001.png" o:title=""/></v:shape><![endif]--><![if !vml]><img width=133 height=107 src="file:///C:/Users/x/AppData/Local/Temp/msohtmlclip1/01/clip_image002.png" v:shapes="Picture_1"><![endif]><o:p></o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-yfti-tbllook:1184'>
<tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'><td width=277 valign=top style='width:207.4pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal><b>Hall<o:p></o:p></b></p></td><td width=277 valign=top style='width:207.4pt;border:solid windowtext 1.0pt'><p class=MsoNormal><b>Time<o:p></o:p></b></p></td></tr>
<tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'><td width=277 colspan=2 valign=top style='width:207.4pt'><p class=MsoNormal>Dome theatre, 10:00<o:p></o:p></p></td></tr>
</table>
<script>alert(3)</script>
<!--EndFragment-->
</body></html>`;

describe.skipIf(!chromiumPresent() && !env.isCi)('the rich-text editor in Chromium', () => {
  let store: Store;
  let services: Services;
  let served: Served | undefined;
  let browser: Browser;
  let base: string;
  const actors: Record<string, Actor> = {};
  let media: Awaited<ReturnType<typeof tempMedia>> | undefined;
  let dome: number;

  beforeAll(async () => {
    await buildEditor(); // the browser gets the editor as it is in src/ now
    store = await freshStore('sqlite');
    media = await tempMedia();
    services = createServices(store.db, systemClock, TEST_POLICY, media.settings);
    for (const [name, role, displayName] of [['writer', 'editor', 'Wang Wei'], ['other', 'publisher', '张编辑'], ['admin', 'administrator', 'Admin']] as const) {
      const user = await services.auth.addUser({ name, role, displayName, password: PASSWORD, locale: 'en' });
      actors[name] = { id: user.id, name, role, locale: 'en' };
    }
    await services.terms.add(actors.admin, 'bad word', 'good word');
    // The library holds two pictures; their alt text is what the picker proposes.
    const picture = (background: string) => sharp({ create: { width: 320, height: 200, channels: 3, background } }).jpeg().toBuffer();
    dome = (await services.media.upload(actors.admin!, { data: await picture('#102040'), filename: 'dome-night.jpg', alt: 'The dome' })).id;
    await services.media.upload(actors.admin!, { data: await picture('#405060'), filename: 'telescope.jpg', alt: 'A telescope' });
    served = await serveInChromium(store, services);
    ({ browser, base } = served);
  });
  afterAll(async () => {
    await served?.close();
    await store?.close();
    await media?.remove();
  });

  /** A signed-in page; every CSP violation and page error it meets is collected. */
  async function signIn(name: string, ctx?: BrowserContext): Promise<{ page: Page; problems: string[] }> {
    const context = ctx ?? (await browser.newContext({ viewport: { width: 1280, height: 900 } }));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to: CSP ${e.violatedDirective} ${e.blockedURI}`)));
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Account name').fill(name);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/admin`);
    return { page, problems };
  }

  const content = (page: Page) => page.locator('#rte-content');
  const tool = (page: Page, name: string) => page.getByRole('toolbar', { name: 'Text formatting' }).getByRole('button', { name, exact: true });
  const stored = async (id: number): Promise<RichTextDoc> => (await services.newsWorkflow.get(actors.writer, id)).body;
  const idOf = (page: Page) => Number(new URL(page.url()).pathname.split('/').pop());

  it('formats with the toolbar, inserts a table and a library image (alt text required), and autosaves without Save', async () => {
    const { page, problems } = await signIn('writer');
    await page.goto(`${base}/admin/articles/new`);
    await page.getByLabel('Language', { exact: true }).selectOption('en');
    await page.getByLabel('Title', { exact: true }).fill('Open day');
    await content(page).click();
    await page.keyboard.type('Open day programme');
    await tool(page, 'Heading 2').click();
    expect(await tool(page, 'Heading 2').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Doors open at ');
    await tool(page, 'Bold').click();
    expect(await tool(page, 'Bold').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.type('nine');
    await tool(page, 'Bold').click();
    await page.keyboard.type('; no bad word here.');
    await page.keyboard.press('Enter');
    await tool(page, 'Bulleted list').click();
    await page.keyboard.type('Star show');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Telescopes');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    // The sensitive term is marked as it is typed.
    await expect.poll(() => content(page).locator('.rte-term').allTextContents()).toEqual(['bad word']);

    // The image: chosen from the library; Insert stays disabled, saying why, until alt text is written.
    await tool(page, 'Insert image from the media library').click();
    const dialog = page.getByRole('dialog', { name: 'Media library' });
    await dialog.getByRole('button', { name: 'dome-night.jpg' }).click();
    const insert = dialog.getByRole('button', { name: 'Insert image' });
    // The library's alt text is proposed; emptied, Insert is disabled and says why.
    expect(await dialog.getByLabel('Alt text (required)').inputValue()).toBe('The dome');
    await dialog.getByLabel('Alt text (required)').fill('');
    expect(await insert.isDisabled()).toBe(true);
    expect(await dialog.locator('#rte-media-why').textContent()).toBe('Write the alt text to insert the image.');
    await dialog.getByLabel('Alt text (required)').fill('The dome at night');
    await dialog.getByLabel('Caption (optional)').fill('Photo: BJAST');
    expect(await insert.isDisabled()).toBe(false);
    await insert.click();
    await expect.poll(() => content(page).locator('figure.rte-image').count()).toBe(1);
    await tool(page, 'Insert table').click();
    await page.keyboard.type('Hall');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Time');

    // Nobody pressed Save: the autosave created the article and moved the address to it.
    await expect.poll(() => page.locator('#rte-status').textContent(), { timeout: 15_000 }).toMatch(/^Saved at/);
    await expect.poll(() => page.url()).toMatch(/\/admin\/articles\/\d+$/);
    const id = idOf(page);
    await expect.poll(async () => (await stored(id)).content.map((b) => b.type), { timeout: 15_000 }).toEqual(['heading', 'paragraph', 'bulletList', 'image', 'table']);
    const doc = await stored(id);
    expect(doc.content[1]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'Doors open at ' }, { type: 'text', text: 'nine', marks: [{ type: 'bold' }] }, { type: 'text', text: '; no bad word here.' }] });
    expect(doc.content[3]).toEqual({ type: 'image', attrs: { mediaId: dome, alt: 'The dome at night', caption: 'Photo: BJAST' } });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/admin-editor.png`, fullPage: true });

    // Reloaded, the editor shows what was autosaved.
    await page.reload();
    await expect.poll(() => content(page).locator('h2').textContent()).toBe('Open day programme');
    expect(await content(page).locator('strong').textContent()).toBe('nine');
    expect(await content(page).locator('li').allTextContents()).toEqual(['Star show', 'Telescopes']);
    expect(await content(page).locator('table th').allTextContents()).toEqual(['Hall', 'Time', '']);

    // Keyboard: the toolbar is one tab stop, arrows move along it.
    await page.getByLabel('Title', { exact: true }).focus();
    await page.keyboard.press('Tab'); // slug
    await page.keyboard.press('Tab'); // summary
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.label)).toBe('Plain paragraph');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.label)).toBe('Heading 2');

    // No serious accessibility problem; axe is run from the test, not through the page's CSP.
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical').map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
    });
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('uploads a new image from the picker, alt text first, and inserts it', async () => {
    const { page, problems } = await signIn('writer');
    const a = await services.newsWorkflow.create(actors.writer, { lang: 'en', title: 'With upload', body: docFromParagraphs(['Text.']) });
    await page.goto(`${base}/admin/articles/${a.id}`);
    await content(page).click();
    await tool(page, 'Insert image from the media library').click();
    const dialog = page.getByRole('dialog', { name: 'Media library' });
    expect(await dialog.locator('#rte-media-why').textContent()).toBe('Choose or upload an image first.');
    await dialog.getByLabel('Alt text (required)').fill('A comet over the Academy');
    const comet = await sharp({ create: { width: 200, height: 120, channels: 3, background: '#222244' } }).png().toBuffer();
    await dialog.getByLabel('Upload a new image').setInputFiles({ name: 'comet.png', mimeType: 'image/png', buffer: comet });
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect.poll(() => dialog.getByRole('button', { name: 'Insert image' }).isDisabled()).toBe(false);
    const [uploaded] = (await services.media.list(actors.writer, { q: 'comet' }, { offset: 0, limit: 5 })).items;
    expect(uploaded).toMatchObject({ name: 'comet.png', alt: 'A comet over the Academy', kind: 'image' });
    await dialog.getByRole('button', { name: 'Insert image' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/done=saved/);
    expect((await stored(a.id)).content).toContainEqual({ type: 'image', attrs: { mediaId: uploaded!.id, alt: 'A comet over the Academy', caption: null } });
    expect(problems).toEqual([]);
  });

  it('keeps the structure of a paste from Word and drops its styles, scripts and pictures', async () => {
    const { page, problems } = await signIn('writer');
    const a = await services.newsWorkflow.create(actors.writer, { lang: 'en', title: 'Pasted', body: docFromParagraphs(['Before.']) });
    await page.goto(`${base}/admin/articles/${a.id}`);
    await content(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.evaluate((html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'Open Day at the Planetarium');
      document.querySelector('#rte-content')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, WORD_HTML);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/done=saved/);
    const doc = await stored(a.id);
    const json = JSON.stringify(doc);
    expect(json).not.toMatch(/Mso|mso-|font-family|style|alert|file:|clip_image|javascript/);
    expect(doc.content.map((b) => b.type)).toEqual(['paragraph', 'heading', 'paragraph', 'orderedList', 'table']);
    expect(doc.content[1]).toEqual({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Open Day at the Planetarium' }] });
    const para = doc.content[2] as { content: { text: string; marks?: unknown[] }[] };
    expect(para.content.map((n) => n.text).join('')).toBe('The Beijing Planetarium opens its new dome to the public; see its site or this.');
    expect(para.content.find((n) => n.text === 'Beijing Planetarium')?.marks).toEqual([{ type: 'bold' }]);
    expect(para.content.find((n) => n.text === 'new dome')?.marks).toEqual([{ type: 'italic' }]);
    expect(para.content.find((n) => n.text === 'its site')?.marks).toEqual([{ type: 'link', attrs: { href: 'https://www.bjp.org.cn/' } }]);
    expect(para.content.find((n) => n.text === 'this')?.marks).toBeUndefined();
    // Word's numbered list with a bulleted sub-list, markers gone.
    expect(doc.content[3]).toEqual({
      type: 'orderedList',
      content: [
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Book a ticket' }] }, { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'online' }] }] }] }] },
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Come early' }] }] },
      ],
    });
    expect(doc.content[4]).toEqual({
      type: 'table',
      content: [
        { type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hall', marks: [{ type: 'bold' }] }] }] }, { type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Time', marks: [{ type: 'bold' }] }] }] }] },
        { type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: 2 }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Dome theatre, 10:00' }] }] }] },
      ],
    });
    expect(problems).toEqual([]);
  });

  it('two people on one article: the later save is refused, both versions are shown, and nothing typed is lost', async () => {
    const a = await services.newsWorkflow.create(actors.writer, { lang: 'en', title: 'Shared draft', body: docFromParagraphs(['Original text.']) });
    const url = `${base}/admin/articles/${a.id}`;
    const A = await signIn('other');
    await A.page.goto(url);
    const B = await signIn('writer');
    await B.page.goto(url);
    // B sees that A has the article open.
    await expect.poll(() => B.page.locator('#presence-banner').textContent()).toBe('张编辑 is also editing this article');

    // A changes the text and saves first.
    await content(A.page).click();
    await A.page.keyboard.press('Control+End');
    await A.page.keyboard.type(' Corrected by A.');
    await A.page.getByRole('button', { name: 'Save', exact: true }).click();
    await A.page.waitForURL(/done=saved/);
    const afterA = (await services.newsWorkflow.get(actors.writer, a.id)).revision;

    // B, still on the old revision, types: the autosave is refused and B sees both versions.
    await content(B.page).click();
    await B.page.keyboard.press('Control+End');
    await B.page.keyboard.press('Enter');
    await B.page.keyboard.type('A paragraph by B.');
    const panel = B.page.getByRole('region', { name: 'Someone else saved this article' });
    await expect.poll(() => panel.count(), { timeout: 15_000 }).toBe(1);
    expect(await panel.locator('.conflict-theirs').textContent()).toContain('Original text. Corrected by A.');
    expect(await panel.locator('.conflict-mine').textContent()).toContain('A paragraph by B.');
    expect(await B.page.locator('#rte-status').textContent()).toContain('Not saved');
    expect((await services.newsWorkflow.get(actors.writer, a.id)).body).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Original text. Corrected by A.' }] }] });
    if (SHOTS) await B.page.screenshot({ path: `${SHOTS}/admin-conflict.png`, fullPage: true });

    // B closes the page without choosing; reopened, the browser's copy is offered back.
    await B.page.reload();
    const offer = B.page.getByRole('alert').filter({ hasText: 'Unsaved changes in this browser' });
    await expect.poll(() => offer.count()).toBe(1);
    await offer.getByRole('button', { name: 'Restore them' }).click();
    expect(await content(B.page).textContent()).toContain('A paragraph by B.');
    // Based on the old revision, it meets the conflict again; B merges by hand and saves on top of A.
    await expect.poll(() => panel.count(), { timeout: 15_000 }).toBe(1);
    await panel.getByRole('button', { name: 'Put their text below mine to merge by hand' }).click();
    await B.page.getByRole('button', { name: 'Save', exact: true }).click();
    await B.page.waitForURL(/done=saved/);
    const final = await services.newsWorkflow.get(actors.writer, a.id);
    expect(final.revision).toBeGreaterThan(afterA);
    const text = JSON.stringify(final.body);
    expect(text).toContain('Corrected by A.');
    expect(text).toContain('A paragraph by B.');
    expect(A.problems).toEqual([]);
    expect(B.problems).toEqual([]);
  });
});

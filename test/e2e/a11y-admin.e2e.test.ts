// WCAG 2.2 A and AA in the workspace, in Chromium: axe-core finds nothing on any screen an
// administrator can reach by following links, nor on the screens that only an action shows (a
// failed sign-in, a refused form, a conflict, two-factor enrolment, a comparison), in both languages;
// and the main screens fit a 320 px-wide phone without sideways scrolling.
import sharp from 'sharp';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEditor } from '../../scripts/build-editor.mjs';
import { createServices, type Services } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import { loadDemoIfEmpty } from '../../src/demo/index.js';
import type { Actor } from '../../src/people/index.js';
import type { RichTextDoc } from '../../src/richtext/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { chromiumPresent, serveInChromium, wcagViolations, type Served } from '../helpers/browser.js';
import { tempMedia } from '../helpers/media.js';
import { env, freshStore, TEST_NOW, TEST_POLICY } from '../helpers/store.js';

const PASSWORD = 'correct horse battery staple';
/** Enough for every screen, with room to spare; a link loop cannot run the test for ever. */
const MAX_SCREENS = 80;

/**
 * The screens the crawl must reach (address patterns): a broken or missing link fails here rather
 * than silently leaving a screen out of the run.
 */
const EXPECTED = [
  /^\/admin$/,
  /^\/admin\/articles$/,
  /^\/admin\/articles\/new$/,
  /^\/admin\/articles\/\d+$/,
  /^\/admin\/articles\/\d+\/revisions$/,
  /^\/admin\/pages$/,
  /^\/admin\/pages\/new$/,
  /^\/admin\/pages\/\d+$/,
  /^\/admin\/pages\/\d+\/revisions$/,
  /^\/admin\/institutions$/,
  /^\/admin\/institutions\/new$/,
  /^\/admin\/institutions\/\d+$/,
  /^\/admin\/media$/,
  /^\/admin\/media\/\d+$/,
  /^\/admin\/redirects$/,
  /^\/admin\/redirects\/edit$/,
  /^\/admin\/translations$/,
  /^\/admin\/users$/,
  /^\/admin\/users\/[^/]+\/scope$/,
  /^\/admin\/terms$/,
  /^\/admin\/audit$/,
  /^\/admin\/account$/,
];

/** One screen per template: numbers in the path and the values of the query do not make a new one. */
const templateOf = (url: URL) => `${url.pathname.replace(/\/\d+(?=\/|$)/g, '/N')}?${[...new Set(url.searchParams.keys())].sort().join('&')}`;

/** Links that leave the workspace's screens: the public site (the site's own run covers it), files, JSON. */
const isWorkspaceScreen = (url: URL, base: URL) =>
  url.origin === base.origin && /^\/admin(\/|$)/.test(url.pathname) && !/^\/admin\/api\//.test(url.pathname) && !/\/preview$/.test(url.pathname);

const doc = (...blocks: RichTextDoc['content']): RichTextDoc => ({ type: 'doc', content: blocks });
const p = (text: string) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] });

describe.skipIf(!chromiumPresent() && !env.isCi)('the workspace meets WCAG 2.2 AA (axe-core in Chromium)', () => {
  let store: Store;
  let services: Services;
  let served: Served | undefined;
  let browser: Browser;
  let base: string;
  let media: Awaited<ReturnType<typeof tempMedia>> | undefined;
  let admin: Actor;
  /** The article with everything in it: an image, a table, a heading, a term to avoid, two revisions. */
  let rich: number;
  let inReview: number;

  beforeAll(async () => {
    await buildEditor();
    store = await freshStore('sqlite');
    media = await tempMedia();
    const clock = fixedClock(TEST_NOW);
    await loadDemoIfEmpty(store, clock);
    services = createServices(store.db, clock, TEST_POLICY, media.settings);
    const add = async (name: string, role: Actor['role'], displayName: string) => {
      const user = await services.auth.addUser({ name, role, displayName, password: PASSWORD, locale: 'en', email: `${name}@bjast.example` });
      return { id: user.id, name, role, locale: 'en' as const };
    };
    admin = await add('admin', 'administrator', 'Administrator');
    // Reads the workspace in Chinese (chosen in the test): the other tests' administrator stays in English.
    await add('chen', 'administrator', '陈静');
    const writer = await add('writer', 'contributor', '王伟');
    await add('editor', 'editor', 'Li Na');
    await add('publisher', 'publisher', 'Zhang Min');
    await add('leaver', 'contributor', 'Former staff');
    await services.auth.disableUser('leaver', admin);
    await services.auth.enrolTotp('publisher', admin);
    await services.auth.createToken('admin', 'nightly import', admin);
    await services.terms.add(admin, 'forbidden phrase', 'better phrase');

    const photo = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#203050' } }).jpeg().toBuffer();
    const image = await services.media.upload(admin, { data: photo, filename: 'dome-night.jpg', alt: 'The planetarium dome at night' });
    await services.media.upload(admin, { data: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'), filename: 'annual-report.pdf', alt: '' });

    const wf = services.newsWorkflow;
    const body = doc(
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'The open day' }] },
      p('Doors open at nine; a forbidden phrase slipped in.'),
      { type: 'image', attrs: { mediaId: image.id, alt: 'The planetarium dome at night', caption: 'The dome' } },
      {
        type: 'table',
        content: [
          { type: 'tableRow', content: [{ type: 'tableHeader', content: [p('Hall')] }, { type: 'tableHeader', content: [p('Time')] }] },
          { type: 'tableRow', content: [{ type: 'tableCell', content: [p('Dome theatre')] }, { type: 'tableCell', content: [p('10:00')] }] },
        ],
      },
    ) as RichTextDoc;
    const first = await wf.create(writer, { lang: 'en', title: 'Open day at the planetarium', body: doc(p('Doors open at nine.')) });
    rich = (await wf.update(writer, first.id, { body, summary: 'A day for families.' }, first.revision)).id;
    await wf.createPreviewLink(admin, rich);
    // One article in every state of the workflow.
    const step = async (title: string, lang: 'zh' | 'en', path: { to: Parameters<typeof wf.transition>[2]['to']; at?: string }[]) => {
      const a = await wf.create(writer, { lang, title, body: doc(p(`Text of ${title}.`)) });
      for (const s of path) await wf.transition(s.to === 'in_review' ? writer : admin, a.id, s);
      return a.id;
    };
    inReview = await step('Telescopes for schools', 'en', [{ to: 'in_review' }]);
    await step('新馆开放', 'zh', [{ to: 'in_review' }, { to: 'approved' }]);
    await step('Autumn lectures', 'en', [{ to: 'in_review' }, { to: 'approved' }, { to: 'scheduled', at: '2026-12-01T02:00:00.000Z' }]);
    await step('Summer camp', 'en', [{ to: 'in_review' }, { to: 'approved' }, { to: 'published' }, { to: 'unpublished' }]);
    await step('An old notice', 'en', [{ to: 'in_review' }, { to: 'approved' }, { to: 'published' }, { to: 'archived' }]);

    const noPage = async () => false;
    await services.redirects.create(admin, { from: '/Html/Article/20200101/1.html', to: '/en/news/', status: 301 }, noPage);
    await services.redirects.create(admin, { from: '/events/2025', to: 'https://www.bjast.ac.cn/', status: 302 }, noPage);
    await services.redirects.create(admin, { from: '/old/closed.html', status: 410 }, noPage);

    served = await serveInChromium(store, services);
    ({ browser, base } = served);
  });
  afterAll(async () => {
    await served?.close();
    await store?.close();
    await media?.remove();
  });

  /** axe can only be added to a page whose CSP is bypassed; the workspace's own is otherwise kept. */
  const newPage = async () => (await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } })).newPage();

  async function signIn(name = 'admin'): Promise<Page> {
    const page = await newPage();
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Account name').fill(name);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/admin`);
    return page;
  }

  /** Submits with this button, past the browser's own checks, so that the server's refusal shows. */
  async function submitAsIs(button: Locator) {
    await button.evaluate((b: HTMLButtonElement) => (b.form!.noValidate = true));
    await button.click();
  }

  /** The editor replaces its text area once its script has run: the checks must see the real thing. */
  async function settled(page: Page) {
    if (await page.locator('#rte-mount').count()) await page.locator('#rte-mount:not([hidden])').waitFor();
  }

  /** The violations on the page as it stands, each line prefixed with what the screen is. */
  async function check(page: Page, what: string): Promise<string[]> {
    await settled(page);
    return (await wcagViolations(page)).map((v) => `${what}: ${v}`);
  }

  /** Every workspace screen reachable by links from the dashboard, once per template. */
  async function crawl(page: Page): Promise<{ visited: string[]; violations: string[] }> {
    const origin = new URL(base);
    const queue = [`${base}/admin`];
    const seen = new Set<string>([templateOf(new URL(queue[0]!))]);
    const visited: string[] = [];
    const violations: string[] = [];
    while (queue.length && visited.length < MAX_SCREENS) {
      const url = queue.shift()!;
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(200);
      visited.push(new URL(page.url()).pathname);
      violations.push(...(await check(page, url.slice(base.length))));
      for (const href of await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) {
        const next = new URL(href);
        next.hash = '';
        const key = templateOf(next);
        if (!isWorkspaceScreen(next, origin) || seen.has(key)) continue;
        seen.add(key);
        queue.push(next.href);
      }
    }
    return { visited, violations };
  }

  it('finds no violation on any screen the links reach, in English and in Chinese', async () => {
    const en = await crawl(await signIn());
    for (const pattern of EXPECTED) expect(en.visited.some((path) => pattern.test(path)), `no screen matched ${pattern}`).toBe(true);
    // The workspace in its other language: the user's own setting, chosen on the account screen.
    const page = await signIn('chen');
    await page.goto(`${base}/admin/account`);
    await page.locator('#locale').selectOption('zh');
    await page.locator('form[action="/admin/account/locale"] button[type="submit"]').click();
    await page.waitForURL(/done=locale/);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    const zh = await crawl(page);
    expect(zh.visited.length).toBe(en.visited.length);
    expect([...en.violations, ...zh.violations]).toEqual([]);
  }, 240_000);

  it('finds no violation on the screens an action shows', async () => {
    const violations: string[] = [];
    // Signed out: the sign-in form, and the same form refusing a wrong password.
    const guest = await newPage();
    await guest.goto(`${base}/admin/login`);
    violations.push(...(await check(guest, 'sign-in')));
    await guest.getByLabel('Account name').fill('admin');
    await guest.getByLabel('Password', { exact: true }).fill('not the password');
    await guest.getByRole('button', { name: 'Sign in' }).click();
    await guest.getByRole('alert').waitFor();
    violations.push(...(await check(guest, 'sign-in refused')));

    const page = await signIn();
    // The editor with everything in it, and an item awaiting the administrator's review.
    await page.goto(`${base}/admin/articles/${rich}`);
    violations.push(...(await check(page, 'editor with an image, a table and a term')));
    await page.goto(`${base}/admin/articles/${inReview}`);
    violations.push(...(await check(page, 'editor of an article in review')));
    // The revisions compared word by word.
    await page.goto(`${base}/admin/articles/${rich}/revisions`);
    await page.locator('select#from').selectOption('1');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/\/compare\?/);
    violations.push(...(await check(page, 'revisions compared')));
    // A save refused because someone saved in between: both versions side by side.
    await page.goto(`${base}/admin/articles/${rich}`);
    await page.locator('#rte-mount:not([hidden])').waitFor();
    const stored = await services.newsWorkflow.get(admin, rich);
    await services.newsWorkflow.update(admin, rich, { title: 'Open day (changed meanwhile)' }, stored.revision);
    await page.getByLabel('Title', { exact: true }).fill('Open day, my version');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('#rte-conflict, .conflict').first().waitFor();
    violations.push(...(await check(page, 'save conflict')));
    // The same for a page (a form without the rich editor); an institution refused (a bad address).
    const about = (await services.pagesWorkflow.list(admin, { lang: 'en' }, { offset: 0, limit: 1 })).items[0]!;
    await page.goto(`${base}/admin/pages/${about.id}`);
    await services.pagesWorkflow.update(admin, about.id, { title: 'About the Academy (changed meanwhile)' }, about.revision);
    await page.getByLabel('Title', { exact: true }).fill('About us');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.conflict').waitFor();
    violations.push(...(await check(page, 'page save conflict')));
    await page.goto(`${base}/admin/institutions/new`);
    await page.getByLabel('Name', { exact: true }).fill('Beijing Institute of Optics');
    await page.getByLabel('Address (slug)').fill('Not an address!');
    await submitAsIs(page.getByRole('button', { name: 'Save', exact: true }));
    await page.getByRole('alert').first().waitFor();
    violations.push(...(await check(page, 'new institution refused')));
    // Sending an article back without saying why is refused.
    await page.goto(`${base}/admin/articles/${inReview}`);
    await page.locator('#rte-mount:not([hidden])').waitFor();
    await page.locator('#workflow ~ form button[value="draft"]').click();
    await page.getByRole('alert').first().waitFor();
    violations.push(...(await check(page, 'sending back refused')));
    // An upload refused: not a kind of file the library takes.
    await page.goto(`${base}/admin/media`);
    await page.locator('#file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
    await page.locator('form.media-upload button[type="submit"]').click();
    await page.getByRole('alert').first().waitFor();
    violations.push(...(await check(page, 'upload refused')));
    // A new article refused for want of a title.
    await page.goto(`${base}/admin/articles/new`);
    await page.getByLabel('Language', { exact: true }).selectOption('en');
    await submitAsIs(page.getByRole('button', { name: 'Save', exact: true }));
    await page.getByRole('alert').first().waitFor();
    violations.push(...(await check(page, 'new article refused')));
    // A new account refused (a password too short); a redirect refused (not an address).
    await page.goto(`${base}/admin/users`);
    await page.locator('#new-name').fill('newcomer');
    await page.locator('#new-password').fill('short');
    await submitAsIs(page.locator('form[action="/admin/users"][method="post"] button[type="submit"]'));
    await page.getByRole('alert').waitFor();
    violations.push(...(await check(page, 'new account refused')));
    await page.goto(`${base}/admin/redirects`);
    await page.locator('form.redirect-add input[name="from"]').fill('not an address');
    await submitAsIs(page.locator('form.redirect-add button[type="submit"]'));
    await page.getByRole('alert').first().waitFor();
    violations.push(...(await check(page, 'redirect refused')));
    // One's own account: a wrong current password, two-factor enrolment and a wrong code, a new token.
    await page.goto(`${base}/admin/account`);
    await page.locator('input[name="currentPassword"]').first().fill('not the password');
    await page.locator('form[action="/admin/account/password"] input[name="password"]').fill('another long passphrase 7');
    await page.locator('form[action="/admin/account/password"] button[type="submit"]').click();
    await page.getByRole('alert').waitFor();
    violations.push(...(await check(page, 'password change refused')));
    await page.goto(`${base}/admin/account?enrol=totp`);
    violations.push(...(await check(page, 'two-factor enrolment')));
    await page.locator('form[action="/admin/account/totp"] input[name="code"]').fill('000000');
    await page.locator('form[action="/admin/account/totp"] button[type="submit"]').click();
    await page.getByRole('alert').waitFor();
    violations.push(...(await check(page, 'two-factor code refused')));
    await page.goto(`${base}/admin/account`);
    await page.locator('form[action="/admin/account/tokens"] input[name="label"]').fill('backup script');
    await page.locator('form[action="/admin/account/tokens"] button[type="submit"]').click();
    await page.locator('code.secret').waitFor();
    violations.push(...(await check(page, 'new API token shown once')));
    // The media library's image picker, open in the editor.
    await page.goto(`${base}/admin/articles/${rich}`);
    await page.getByRole('toolbar', { name: 'Text formatting' }).getByRole('button', { name: 'Insert image from the media library', exact: true }).click();
    await page.getByRole('dialog', { name: 'Media library' }).getByRole('button', { name: 'dome-night.jpg' }).waitFor();
    violations.push(...(await check(page, 'media picker')));
    expect(violations).toEqual([]);
  }, 180_000);

  it('fits a 320 px-wide screen without sideways scrolling, and breaks no rule there either', async () => {
    const page = await signIn();
    await page.setViewportSize({ width: 320, height: 640 });
    const wide: string[] = [];
    const violations: string[] = [];
    for (const path of ['/admin', '/admin/articles', `/admin/articles/${rich}`, '/admin/articles/new', `/admin/articles/${rich}/revisions`, '/admin/pages', '/admin/institutions', '/admin/media', '/admin/redirects', '/admin/translations', '/admin/users', '/admin/terms', '/admin/audit', '/admin/account']) {
      await page.goto(`${base}${path}`);
      await settled(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320) wide.push(`${path}: ${width}px`);
      violations.push(...(await check(page, `${path} at 320 px`)));
    }
    expect(wide).toEqual([]);
    expect(violations).toEqual([]);
  }, 120_000);
});

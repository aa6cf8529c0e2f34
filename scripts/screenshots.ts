// Takes the screenshots in docs/screenshots/ from a running site:
//   npm start (in another terminal), then: npx tsx scripts/screenshots.ts [http://localhost:3000]
// With `--admin NAME` (an administrator; password on standard input) it also shoots the workspace.
// With `--display` it takes instead the matrix of docs/accessibility.md: home, directory, an article
// and search results in both languages, at 360, 768 and 1440 px, in the standard and elder displays.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../test/helpers/browser.js';

const base = process.argv[2]?.startsWith('http') ? process.argv[2] : 'http://localhost:3000';
const adminAt = process.argv.indexOf('--admin');
const adminName = adminAt > 0 ? process.argv[adminAt + 1] : undefined;
const out = path.resolve('docs/screenshots');

const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  if (process.argv.includes('--display')) await displays();
  else await pages();
} finally {
  await browser.close();
}

/** The first screen of each page, as a visitor sees it on opening it (docs/screenshots/display/). */
async function displays() {
  const dir = path.join(out, 'display');
  const widths = [
    [360, 780],
    [768, 1024],
    [1440, 900],
  ] as const;
  for (const lang of ['zh', 'en'] as const) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}/${lang}/news/`);
    const article = await page.locator('.news-title a').first().getAttribute('href');
    await ctx.close();
    const shots = [
      ['home', `/${lang}/`],
      ['directory', `/${lang}/institutions/`],
      ['article', article!],
      ['search', `/${lang}/search?q=${encodeURIComponent(lang === 'zh' ? '天文馆' : 'planetarium')}`],
    ] as const;
    for (const display of ['standard', 'elder'] as const) {
      for (const [width, height] of widths) {
        const ctx = await browser.newContext({ viewport: { width, height } });
        if (display === 'elder') await ctx.addCookies([{ name: 'bg_display', value: 'elder', url: base }]);
        const page = await ctx.newPage();
        for (const [name, url] of shots) {
          await page.goto(`${base}${url}`);
          const file = `${lang}-${name}-${width}-${display}.png`;
          await page.screenshot({ path: path.join(dir, file) });
          process.stdout.write(`${file}  ${url}\n`);
        }
        await ctx.close();
      }
    }
  }
}

async function pages() {
  const pages: [string, string][] = [];
  for (const lang of ['zh', 'en'] as const) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/${lang}/news/`);
    const article = await page.locator('.news-title a').first().getAttribute('href');
    await page.goto(`${base}/${lang}/institutions/`);
    const profile = await page.locator('.directory a').nth(1).getAttribute('href');
    pages.push([`${lang}-home`, `/${lang}/`], [`${lang}-directory`, `/${lang}/institutions/`], [`${lang}-profile`, profile!], [`${lang}-article`, article!]);
    await ctx.close();
  }
  for (const [name, url] of pages) {
    for (const [suffix, viewport] of [['', { width: 1280, height: 900 }], ['-mobile', { width: 360, height: 740 }]] as const) {
      const ctx = await browser.newContext({ viewport, deviceScaleFactor: suffix ? 2 : 1 });
      const page = await ctx.newPage();
      await page.goto(`${base}${url}`);
      await page.screenshot({ path: path.join(out, `${name}${suffix}.png`), fullPage: true });
      await ctx.close();
      process.stdout.write(`${name}${suffix}.png  ${url}\n`);
    }
  }
  if (adminName) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const password = Buffer.concat(chunks).toString('utf8').trim();
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(`${base}/admin/login`);
    await page.screenshot({ path: path.join(out, 'admin-login.png') });
    await page.fill('#name', adminName);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/admin`);
    const firstArticle = await (await page.goto(`${base}/admin/articles`), page.locator('tbody a').first().getAttribute('href'));
    const firstInstitution = await (await page.goto(`${base}/admin/institutions?sort=title`), page.locator('tbody a').first().getAttribute('href'));
    for (const [name, url] of [
      ['admin-dashboard', '/admin'],
      ['admin-articles', '/admin/articles'],
      ['admin-editor', firstArticle!],
      ['admin-pages', '/admin/pages'],
      ['admin-institution-editor', firstInstitution!],
      ['admin-users', '/admin/users'],
      ['admin-audit', '/admin/audit'],
      ['admin-media', '/admin/media'],
      ['admin-redirects', '/admin/redirects'],
      ['admin-translations', '/admin/translations'],
      ['admin-account', '/admin/account'],
    ]) {
      await page.goto(`${base}${url}`);
      await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
      process.stdout.write(`${name}.png  ${url}\n`);
    }
    await ctx.close();
  }
}

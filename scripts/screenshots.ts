// Takes the screenshots in docs/screenshots/ from a running site:
//   npm start (in another terminal), then: npx tsx scripts/screenshots.ts [http://localhost:3000]
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../test/helpers/browser.js';

const base = process.argv[2] ?? 'http://localhost:3000';
const out = path.resolve('docs/screenshots');

const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
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
} finally {
  await browser.close();
}

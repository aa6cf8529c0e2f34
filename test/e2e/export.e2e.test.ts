// The exported site on a plain static file server (no Beiguan behind it), in Chromium: every page
// and file it links loads, and search works in the browser, in Chinese and in English.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import { loadDemoIfEmpty } from '../../src/demo/index.js';
import { exportSite } from '../../src/export/export.js';
import { fixedClock } from '../../src/shared/clock.js';
import { loadAssets } from '../../src/site/assets.js';
import { articleInput } from '../helpers/app.js';
import { chromiumPath, chromiumPresent, CHROMIUM_ARGS } from '../helpers/browser.js';
import { env, freshStore, TEST_NOW, TEST_POLICY } from '../helpers/store.js';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.txt': 'text/plain' };

/** nginx's `try_files $uri $uri.html $uri/index.html =404`, and nothing else. */
function staticServer(root: string) {
  return http.createServer(async (req, res) => {
    const url = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    for (const candidate of [url, `${url}.html`, `${url.replace(/\/$/, '')}/index.html`]) {
      const file = path.join(root, path.normalize(candidate));
      if (!file.startsWith(root)) break;
      const st = await stat(file).catch(() => undefined);
      if (st?.isFile()) {
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
        createReadStream(file).pipe(res);
        return;
      }
    }
    res.writeHead(404).end('not found');
  });
}

describe.skipIf(!chromiumPresent() && !env.isCi)('the exported site in Chromium, without Beiguan', () => {
  let store: Store;
  let dir: string;
  let server: http.Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const clock = fixedClock(TEST_NOW);
    store = await freshStore('sqlite');
    await loadDemoIfEmpty(store, clock);
    const services = createServices(store.db, clock, TEST_POLICY);
    await services.news.create({ ...articleInput('zh', '北京天文馆举办冬季观星活动', '2024-12-01T02:00:00.000Z', ['天文馆的科普老师带领市民观测木星和猎户座。']), slug: 'winter-stars' });
    await services.news.create({ ...articleInput('zh', '脑机接口康复训练进入临床试验', '2024-11-05T02:00:00.000Z', ['系统采集脑电信号，帮助患者恢复运动功能。']), slug: 'bci' });
    await services.news.create({ ...articleInput('zh', '类脑计算平台完成机房接口升级', '2025-05-20T02:00:00.000Z', ['升级后的平台算力提高一倍。']), slug: 'brain-inspired' });
    await services.news.create({ ...articleInput('en', 'Planetarium hosts a winter stargazing night', '2024-12-01T02:00:00.000Z', ['Visitors looked at Jupiter through the telescopes.']), slug: 'winter-stars' });
    dir = await mkdtemp(path.join(os.tmpdir(), 'beiguan-export-e2e-'));
    const assets = loadAssets();
    await exportSite({ ctx: { services, baseUrl: 'https://www.bjast.example', assets: assets.site }, assets: assets.files, out: path.join(dir, 'site'), key: generateKeyPairSync('ed25519').privateKey });
    server = staticServer(path.join(dir, 'site'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads every page it links from the home pages, with its styles', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    for (const home of ['/zh/', '/en/']) {
      await page.goto(`${base}${home}`);
      // The display switch is answered by the web server's configuration (export-nginx.test.ts), not by a file.
      const links = (await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!))).filter((h) => !h.startsWith('/display?'));
      for (const href of [...new Set(links)]) await page.goto(`${base}${href}`);
    }
    expect(failed).toEqual([]);
    await page.goto(`${base}/zh/news/winter-stars`);
    // The stylesheet applied: the header is the site's navy, not the browser's default white.
    expect(await page.locator('.site-header').evaluate((e) => getComputedStyle(e).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    await page.close();
  });

  it('searches in the browser: Chinese words, English words, and nothing found', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/zh/search`);
    await page.getByLabel('搜索关键词').fill('天文馆 观星');
    await page.getByRole('button', { name: '搜索' }).click();
    const zhResult = page.locator('#search-results').getByRole('link', { name: '北京天文馆举办冬季观星活动' });
    await expect.poll(() => zhResult.count()).toBe(1);
    await zhResult.click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('北京天文馆举办冬季观星活动');

    await page.goto(`${base}/en/search?q=${encodeURIComponent('stargazing jupiter')}`);
    await expect.poll(() => page.locator('#search-results .search-status').textContent()).toBe('1 result for “stargazing jupiter”.');
    expect(await page.locator('#search-results mark').first().textContent()).toMatch(/stargazing/i);

    // As one types, titles that contain the words are offered (from the same index, no server).
    await page.goto(`${base}/en/search`);
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    const field = page.getByRole('combobox', { name: 'Search for' });
    await field.pressSequentially('winter star');
    const options = page.getByRole('listbox').getByRole('option');
    await expect.poll(() => options.allTextContents()).toEqual(['Planetarium hosts a winter stargazing night']);
    await field.press('ArrowDown');
    await field.press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Planetarium hosts a winter stargazing night');
    // The index and its folding table, once each; no server asked.
    expect(asked.filter((u) => u.endsWith('.json')).sort()).toEqual(['/en/search-fold.json', '/en/search-index.json']);

    // Traditional characters, folded in the browser with the table the export wrote.
    await page.goto(`${base}/zh/search`);
    await page.getByRole('combobox', { name: '搜索关键词' }).pressSequentially('天文館');
    await expect.poll(() => options.allTextContents()).toContain('北京天文馆举办冬季观星活动');
    await page.goto(`${base}/zh/search?q=${encodeURIComponent('觀星')}`);
    await expect.poll(() => page.locator('#search-results h2 a').allTextContents()).toEqual(['北京天文馆举办冬季观星活动']);
    expect((await page.locator('#search-results h2 mark').allTextContents()).join('')).toBe('观星');
    // A word the segmenter cuts into characters is found where they stand together, marked whole.
    await page.goto(`${base}/zh/search?q=${encodeURIComponent('腦機接口')}`);
    await expect.poll(() => page.locator('#search-results h2 a').allTextContents()).toEqual(['脑机接口康复训练进入临床试验']);
    expect(await page.locator('#search-results h2 mark').allTextContents()).toEqual(['脑机接口']);

    await page.goto(`${base}/en/search?q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
    await expect.poll(() => page.locator('#search-results .search-status').textContent()).toContain('Nothing found for “<img src=x onerror=alert(1)>”');
    expect(await page.locator('#search-results img').count()).toBe(0);
    await page.close();
  });
});

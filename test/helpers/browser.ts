// Debian's Chromium, driven by playwright-core (no browser download).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Page } from 'playwright-core';
import type { Services } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import { LiveSite } from '../../src/site/live.js';
import { buildApp } from '../../src/http/server.js';
import { testEnv } from '../../src/config/index.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const chromiumPath = () => testEnv().chromium;
export const chromiumPresent = () => fs.existsSync(chromiumPath());

/** The app on a free local port, and Debian's Chromium to visit it; close() stops both. */
export async function serveInChromium(store: Store, services: Services) {
  const app = await buildApp({ store, services, baseUrl: 'http://127.0.0.1', live: new LiveSite(services, store.db, { pollMs: 0 }) });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  return {
    base,
    browser,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}
export type Served = Awaited<ReturnType<typeof serveInChromium>>;

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

/**
 * axe-core's serious and critical violations on the page as it stands, one line each (rule: the
 * elements). The page's context must bypass our CSP, which refuses axe's inline script.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

/** The rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags them. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/**
 * Every violation of a WCAG 2.2 A or AA rule on the page as it stands, whatever its impact, one line
 * each: the rule, its impact, the elements and what axe says to fix. The page's context must
 * bypass our CSP (see seriousViolations).
 */
export async function wcagViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map(
      (v: any) => `${v.id} (${v.impact}): ${v.nodes.map((n: any) => `${n.target.join(' ')}: ${String(n.failureSummary ?? '').replace(/\s+/g, ' ')}`).join('; ')}`,
    );
  }, WCAG_AA_TAGS);
}

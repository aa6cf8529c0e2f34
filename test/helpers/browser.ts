// Debian's Chromium, driven by playwright-core (no browser download).
import fs from 'node:fs';
import { chromium } from 'playwright-core';
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

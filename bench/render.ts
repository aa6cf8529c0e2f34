// Cold render throughput of the main page kinds on one core, straight through the route table
// (no HTTP, no page cache): each article once, lists and homes over and over. Each kind is first
// rendered for a while on other pages (a server that has run a few seconds), then measured.
//   npx tsx bench/render.ts [--store FILE] [--json]
// The store defaults to the export bench's corpus ($TMPDIR/beiguan-bench-export-5000.sqlite);
// --json ends with one line: {"article":pps,"newsList":pps,"home":pps}. Each line also gives the CPU
// time per page, the figure to compare on a busy machine.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createServices } from '../src/app/services.js';
import { migrate } from '../src/app/app.js';
import { openStore } from '../src/db/index.js';
import { systemClock } from '../src/shared/clock.js';
import { loadAssets } from '../src/site/assets.js';
import { siteRoutes } from '../src/site/routes.js';
import { loadSiteState } from '../src/site/state.js';

const { values: opts, positionals } = parseArgs({ options: { store: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true });
const file = opts.store ?? positionals[0] ?? path.join(os.tmpdir(), 'beiguan-bench-export-5000.sqlite');
const store = await openStore({ kind: 'sqlite', path: file });
// As the server would: a search index made with older tokens is built again.
await migrate(store);
const services = createServices(store.db, systemClock);
const ctx = { services, baseUrl: 'https://www.bjast.example', assets: loadAssets().site };
const state = await loadSiteState(services);
const route = (id: string) => siteRoutes.find((r) => r.id === id)!;
// Articles: warmed on the first 1,000, measured on the next 4,000 (each rendered once).
const articles = state.data.articles.slice(0, 5000).map((a): Record<string, string> => ({ lang: a.lang, slug: a.slug }));
const newsPages = Math.ceil(state.listOf('news:en').length / 10);
const result: Record<string, number> = {};
for (const [key, name, r, warm, params] of [
  ['article', 'article', route('article'), articles.slice(0, 1000), articles.slice(1000)],
  ...(['news list', 'home'] as const).map((name) => {
    const pages = Array.from({ length: 1200 }, (_, i): Record<string, string> =>
      name === 'home' ? { lang: i % 2 ? 'en' : 'zh' } : { lang: i % 2 ? 'en' : 'zh', page: String(2 + (i % Math.max(1, newsPages - 1))) },
    );
    return [name === 'home' ? 'home' : 'newsList', name, route(name === 'home' ? 'home' : 'news-page'), pages.slice(0, 200), pages.slice(200)] as const;
  }),
] as const) {
  for (const p of warm) await r.render(ctx, p, state);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const p of params) await r.render(ctx, p, state);
  const s = (performance.now() - t0) / 1000;
  // On a shared machine wall time counts other processes' turns; this process's CPU time does not.
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000 / params.length;
  result[key] = Math.round(params.length / s);
  console.log(`${name.padEnd(10)} ${result[key]} pages/s  (${((s * 1000) / params.length).toFixed(3)} ms each, ${cpuMs.toFixed(3)} ms CPU)`);
}
await store.close();
if (opts.json) console.log(JSON.stringify(result));

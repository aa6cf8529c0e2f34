// Cold render throughput of the main page kinds on one core, straight through the route table
// (no HTTP, no page cache): each article once, lists and homes over and over.
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
const articles = state.data.articles.slice(0, 2000);
const newsPages = Math.ceil(state.listOf('news:en').length / 10);
const result: Record<string, number> = {};
for (const [key, name, r, params] of [
  ['article', 'article', route('article'), articles.map((a) => ({ lang: a.lang, slug: a.slug }))],
  ['newsList', 'news list', route('news-page'), Array.from({ length: 300 }, (_, i) => ({ lang: 'en', page: String(2 + (i % (newsPages - 1))) }))],
  ['home', 'home', route('home'), Array.from({ length: 300 }, (_, i) => ({ lang: i % 2 ? 'en' : 'zh' }))],
] as const) {
  for (const p of params.slice(0, 50)) await r.render(ctx, p, state);
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

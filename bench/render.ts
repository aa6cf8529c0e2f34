// Cold render throughput of the main page kinds on one core, straight through the route table
// (no HTTP, no page cache): npx tsx bench/render.ts [store-file]
import { createServices } from '../src/app/services.js';
import { migrate } from '../src/app/app.js';
import { openStore } from '../src/db/index.js';
import { systemClock } from '../src/shared/clock.js';
import { loadAssets } from '../src/site/assets.js';
import { siteRoutes } from '../src/site/routes.js';
import { loadSiteState } from '../src/site/state.js';

const file = process.argv[2] ?? '/tmp/beiguan-bench-export-5000.sqlite';
const store = await openStore({ kind: 'sqlite', path: file });
// As the server would: a search index made with older tokens is built again.
await migrate(store);
const services = createServices(store.db, systemClock);
const ctx = { services, baseUrl: 'https://www.bjast.example', assets: loadAssets().site };
const state = await loadSiteState(services);
const route = (id: string) => siteRoutes.find((r) => r.id === id)!;
const articles = state.data.articles.slice(0, 2000);
for (const [name, r, params] of [
  ['article', route('article'), articles.map((a) => ({ lang: a.lang, slug: a.slug }))],
  ['news list', route('news-page'), Array.from({ length: 300 }, (_, i) => ({ lang: 'en', page: String(2 + (i % 300)) }))],
  ['home', route('home'), Array.from({ length: 300 }, (_, i) => ({ lang: i % 2 ? 'en' : 'zh' }))],
] as const) {
  for (const p of params.slice(0, 50)) await r.render(ctx, p, state);
  const t0 = performance.now();
  for (const p of params) await r.render(ctx, p, state);
  const s = (performance.now() - t0) / 1000;
  console.log(`${name.padEnd(10)} ${Math.round(params.length / s)} pages/s  (${((s * 1000) / params.length).toFixed(3)} ms each)`);
}
await store.close();

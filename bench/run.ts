// Render times of the public pages on a corpus of the Academy's size, through the real server.
//   npm run bench            (SQLite in memory)
//   npm run bench -- postgres://…   (PostgreSQL)
import autocannon from 'autocannon';
import { createServices } from '../src/app/services.js';
import { parseDbTarget } from '../src/config/index.js';
import { migrate } from '../src/app/app.js';
import { openStore } from '../src/db/index.js';
import { buildApp } from '../src/http/server.js';
import { LiveSite } from '../src/site/live.js';
import { systemClock } from '../src/shared/clock.js';
import { buildCorpus } from './corpus.js';

const target = parseDbTarget(process.argv[2] ?? 'sqlite::memory:');
const store = await openStore(target);
// As the server would: a search index made with older tokens is built again.
await migrate(store);
const services = createServices(store.db, systemClock);
if ((await services.news.count()) === 0) await buildCorpus(services);
// Renders measured without the page cache (a cache of 0 bytes keeps nothing); HTTP with it.
const app = await buildApp({ store, services, baseUrl: 'http://localhost', live: new LiveSite(services, store.db, { cacheBytes: 0 }) });

const pages = {
  'article (en)': (await services.news.listPublished('en', { offset: 500, limit: 1 })).items[0]!.slug,
  'article (zh)': (await services.news.listPublished('zh', { offset: 500, limit: 1 })).items[0]!.slug,
  'news index p.1': '/en/news/',
  'news index p.50': '/en/news/page/50/',
  home: '/zh/',
  directory: '/zh/institutions/',
};
pages['article (zh)'] = `/zh/news/${pages['article (zh)']}`;
pages['article (en)'] = `/en/news/${pages['article (en)']}`;

const quantile = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
console.log(`store: ${store.dialect}, ${await services.news.count()} articles\n`);
console.log('in-process render without the page cache (app.inject), 300 requests each after 50 warm-up:');
for (const [name, url] of Object.entries(pages)) {
  for (let i = 0; i < 50; i++) await app.inject(url);
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    const res = await app.inject(url);
    times.push(performance.now() - t0);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
  }
  times.sort((a, b) => a - b);
  console.log(`  ${name.padEnd(16)} median ${quantile(times, 0.5).toFixed(2)} ms   p95 ${quantile(times, 0.95).toFixed(2)} ms`);
}

// Editing through the write API: a save (new revision) and a publish (three steps from draft).
await services.auth.addUser({ name: 'bench', role: 'publisher', password: 'a long timing passphrase' });
const auth = { authorization: `Bearer ${(await services.auth.createToken('bench')).token}` };
const created = await app.inject({ method: 'POST', url: '/api/v1/articles', headers: auth, payload: { lang: 'en', title: 'Bench draft', bodyHtml: '<p>x</p>'.repeat(40) } });
const draftId = created.json().id as number;
let revision = created.json().revision as number;
const saves: number[] = [];
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  const res = await app.inject({ method: 'PATCH', url: `/api/v1/articles/${draftId}`, headers: auth, payload: { revision, bodyHtml: `<p>Edit ${i}</p>`.repeat(40) } });
  saves.push(performance.now() - t0);
  revision = res.json().revision;
}
const publishes: number[] = [];
for (let i = 0; i < 50; i++) {
  const id = (await app.inject({ method: 'POST', url: '/api/v1/articles', headers: auth, payload: { lang: 'en', title: `Publish ${i}`, bodyHtml: '<p>x</p>' } })).json().id;
  const t0 = performance.now();
  for (const to of ['in_review', 'approved', 'published']) await app.inject({ method: 'POST', url: `/api/v1/articles/${id}/transitions`, headers: auth, payload: { to } });
  publishes.push(performance.now() - t0);
}
saves.sort((a, b) => a - b);
publishes.sort((a, b) => a - b);
console.log(`\nwrite API: save (PATCH, 40 paragraphs) median ${quantile(saves, 0.5).toFixed(2)} ms, p95 ${quantile(saves, 0.95).toFixed(2)} ms; publish (three transitions) median ${quantile(publishes, 0.5).toFixed(2)} ms, p95 ${quantile(publishes, 0.95).toFixed(2)} ms`);

await app.close();
const served = await buildApp({ store, services, baseUrl: 'http://localhost' });
const address = await served.listen({ port: 0, host: '127.0.0.1' });
for (const [label, headers] of [['identity', {}], ['brotli', { 'accept-encoding': 'br' }]] as const) {
  const result = await autocannon({ url: `${address}${pages['article (en)']}`, connections: 10, duration: 5, headers });
  console.log(`over HTTP with the page cache (autocannon, 10 connections, 5 s), article page, ${label}: ${result.requests.average} req/s, latency median ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
}
await served.close();
await store.close();

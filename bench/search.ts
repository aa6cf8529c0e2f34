// Search latency over a corpus of N articles a language (default 5,000; `100k` → 50,000), for
// Chinese and English queries of common, middling and rare words and two-word queries, through
// the search service (segmentation, candidates from the store, ranking, snippets).
//   npx tsx bench/search.ts [articles-per-language | 100k] [postgres://…]
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../src/app/services.js';
import { parseDbTarget } from '../src/config/index.js';
import { migrate } from '../src/app/app.js';
import { openStore } from '../src/db/index.js';
import { systemClock } from '../src/shared/clock.js';
import { buildCorpus } from './corpus.js';
import { VOCABULARY } from './vocabulary.js';

const arg = process.argv[2] ?? '5000';
const perLang = arg === '100k' ? 50_000 : Number(arg);
const file = path.join(os.tmpdir(), `beiguan-bench-search-${perLang}.sqlite`);
const target = process.argv[3] ? parseDbTarget(process.argv[3]) : ({ kind: 'sqlite', path: file } as const);
// A PostgreSQL database is filled once, when it has no articles.
const fresh = target.kind === 'sqlite' && !existsSync(file);
const store = await openStore(target);
// As the app does: a store of an earlier version gets what later migrations build (search postings).
const t0 = performance.now();
const migrated = await migrate(store, systemClock);
if (migrated.results?.length) console.log(`migrated (${migrated.results.map((r) => r.migrationName).join(', ')}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const services = createServices(store.db, systemClock);
if (fresh || (await services.news.count()) === 0) {
  const t0 = performance.now();
  await buildCorpus(services, { articlesPerLang: perLang });
  console.log(`corpus: ${perLang * 2} articles written and indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const pick = (lang: 'zh' | 'en', ranks: number[]) => ranks.map((r) => VOCABULARY[lang][Math.min(r, VOCABULARY[lang].length - 1)]!);
const queries = {
  zh: [...pick('zh', [0, 5, 40, 120, 999]), `${VOCABULARY.zh[3]} ${VOCABULARY.zh[60]}`, `${VOCABULARY.zh[20]}${VOCABULARY.zh[90]}`, '天文館'],
  en: [...pick('en', [0, 5, 40, 120, 999]), `${VOCABULARY.en[3]} ${VOCABULARY.en[60]}`, 'monitoring bridges', 'telescopes'],
};
const quantile = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
console.log(`store: ${store.dialect}, ${await services.news.count()} articles`);
for (const lang of ['zh', 'en'] as const) {
  const times: number[] = [];
  for (const q of queries[lang]) await services.search.search({ q, lang, offset: 0, limit: 10 });
  for (let round = 0; round < (perLang >= 50_000 ? 10 : 20); round++)
    for (const q of queries[lang]) {
      const t0 = performance.now();
      await services.search.search({ q, lang, offset: 0, limit: 10 });
      times.push(performance.now() - t0);
    }
  times.sort((a, b) => a - b);
  const totals = await Promise.all(queries[lang].map(async (q) => (await services.search.search({ q, lang, offset: 0, limit: 1 })).total));
  console.log(`${lang}: p50 ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms over ${times.length} searches (hits per query: ${totals.join(', ')})`);
}
await store.close();

// Search latency over a corpus of N articles a language (default 5,000; `100k` → 50,000), for
// Chinese and English queries of common, middling and rare words and two-word queries, through
// the search service (segmentation, candidates from the store, ranking, snippets).
//   npx tsx bench/search.ts [articles-per-language | 100k] [--store FILE|postgres://…] [--json] [--each]
// --store: the store to use as is (a SQLite file, or a PostgreSQL database; filled once, when it
// has no articles); by default a SQLite file in the temporary directory named by the size.
// --json: one line at the end, {"zh":{"p50":ms,"p95":ms,"searches":n},"en":{…}}.
// --each: each query's median too, to see which one costs.
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

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const storeArg = option('--store');
const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--store');
const arg = positional[0] ?? '5000';
const perLang = arg === '100k' ? 50_000 : Number(arg);
// The older form: a postgres:// URL as the second argument.
const given = storeArg ?? positional[1];
const file = path.join(os.tmpdir(), `beiguan-bench-search-${perLang}.sqlite`);
const target = given ? (/^postgres(ql)?:\/\//.test(given) ? parseDbTarget(given) : ({ kind: 'sqlite', path: given } as const)) : ({ kind: 'sqlite', path: file } as const);
const json = flag('--json');
const log = (line: string) => (json ? console.error(line) : console.log(line));
const fresh = target.kind === 'sqlite' && !existsSync(target.path);
const store = await openStore(target);
// As the app does: a store of an earlier version gets what later migrations build (search postings).
const t0 = performance.now();
const migrated = await migrate(store, systemClock);
if (migrated.results?.length) log(`migrated (${migrated.results.map((r) => r.migrationName).join(', ')}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const services = createServices(store.db, systemClock);
if (fresh || (await services.news.count()) === 0) {
  const t0 = performance.now();
  await buildCorpus(services, { articlesPerLang: perLang });
  log(`corpus: ${perLang * 2} articles written and indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// Words by rank in the vocabulary's order (commonest first): the last rank asked is the rarest word there is.
const pick = (lang: 'zh' | 'en', ranks: number[]) => ranks.map((r) => VOCABULARY[lang][Math.min(r, VOCABULARY[lang].length - 1)]!);
const queries = {
  zh: [...pick('zh', [0, 5, 40, 120, 999]), `${VOCABULARY.zh[3]} ${VOCABULARY.zh[60]}`, `${VOCABULARY.zh[20]}${VOCABULARY.zh[90]}`, '天文館'],
  en: [...pick('en', [0, 5, 40, 120, 999]), `${VOCABULARY.en[3]} ${VOCABULARY.en[60]}`, 'monitoring bridges', 'telescopes'],
};
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
log(`store: ${store.dialect}, ${await services.news.count()} articles`);
const out: Record<string, { p50: number; p95: number; searches: number }> = {};
for (const lang of ['zh', 'en'] as const) {
  const times: number[] = [];
  // The process's CPU time too: on a machine shared with other work, wall time mostly measures the wait.
  const cpu: number[] = [];
  const each = new Map<string, number[]>(queries[lang].map((q) => [q, []]));
  for (const q of queries[lang]) await services.search.search({ q, lang, offset: 0, limit: 10 });
  for (let round = 0; round < (perLang >= 50_000 ? 10 : 20); round++)
    for (const q of queries[lang]) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await services.search.search({ q, lang, offset: 0, limit: 10 });
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      times.push(ms);
      cpu.push((c.user + c.system) / 1000);
      each.get(q)!.push(ms);
    }
  const totals = await Promise.all(queries[lang].map(async (q) => (await services.search.search({ q, lang, offset: 0, limit: 1 })).total));
  out[lang] = { p50: +quantile(times, 0.5).toFixed(2), p95: +quantile(times, 0.95).toFixed(2), searches: times.length };
  log(`${lang}: p50 ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms over ${times.length} searches; CPU p50 ${quantile(cpu, 0.5).toFixed(1)} ms, p95 ${quantile(cpu, 0.95).toFixed(1)} ms (hits per query: ${totals.join(', ')})`);
  if (flag('--each')) for (const [q, ts] of each) log(`  ${q}: median ${quantile(ts, 0.5).toFixed(1)} ms, max ${Math.max(...ts).toFixed(1)} ms`);
}
await store.close();
if (json) console.log(JSON.stringify(out));

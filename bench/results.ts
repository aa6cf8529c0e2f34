// The bench's figures: their shape, the machine they were measured on, the issue's targets, and
// the Markdown table written into bench/README.md.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import Database from 'better-sqlite3';

interface Latency {
  p50: number;
  p95: number;
  searches: number;
}
interface Load {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}
/** One case of serve.ts: the real server and the bare one, medians of alternating rounds. */
export interface ServedFigure {
  name: string;
  address: string;
  cache: 'warm' | 'cold';
  encoding: string;
  bytes: number;
  real: Load;
  bare: Load;
  ratio: number;
}
export interface Results {
  size: string;
  machine: ReturnType<typeof machine>;
  commit: string;
  ranAt: string;
  corpus: {
    /** A store measured as given (--store): none of the import figures. */
    store?: string;
    builtAt?: string;
    articles: number;
    institutions: number;
    images: number;
    institutionLinks: number;
    vocabulary?: { zh: number; en: number };
    files?: number;
    importSeconds?: number;
    articlesPerSecond?: number;
    storeMiB: number;
    peakMiB?: number;
  };
  render?: { article: number; newsList: number; home: number };
  serve?: { durationS: number; connections: number; runs: ServedFigure[]; memory?: { pages: number; warmUpS: number; startedRssMiB: number; peakRssMiB: number; rssMiB: number } };
  export?: {
    full: { seconds: number; peakMiB: number; files: number; written: number };
    incremental: { seconds: number; written: number; files: number; peakMiB?: number };
    unchanged?: { seconds: number; written: number };
  };
  search?: { zh: Latency; en: Latency };
  targets?: Target[];
}

export interface Target {
  what: string;
  target: string;
  measured: string;
  met: boolean | null;
}

export function machine() {
  const release = (() => {
    try {
      return /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.release();
    } catch {
      return os.release();
    }
  })();
  const db = new Database(':memory:');
  const sqlite = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
  db.close();
  return {
    cpu: `${os.cpus()[0]?.model.trim() ?? 'unknown'} × ${os.availableParallelism()}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${release} (${os.platform()} ${os.release()})`,
    node: process.version,
    sqlite,
  };
}

const at = (r: Results, name: string, cache: 'warm' | 'cold', encoding = 'identity') => r.serve?.runs.find((p) => p.name === name && p.cache === cache && p.encoding === encoding);

/** Each of the issue's targets with the figure measured; `met` is null where this size does not judge it. */
export function targetsOf(r: Results): Target[] {
  // Judged by what the store holds, so that a store given with --store is judged too.
  const big = r.corpus.articles >= 100_000;
  const ten = Math.abs(r.corpus.articles - 10_000) <= 1_000;
  const warm = at(r, 'article', 'warm');
  const t: Target[] = [];
  const add = (what: string, target: string, measured: string | undefined, met: boolean | undefined, judged = true) =>
    t.push({ what, target, measured: measured ?? 'not measured', met: measured === undefined || !judged ? null : (met ?? null) });
  add('warm article page, req/s against bare Fastify with the same bytes', '≥ 90 %', warm && `${Math.round(warm.ratio * 100)} % (${n(warm.real.reqPerSec)} / ${n(warm.bare.reqPerSec)} req/s)`, warm && warm.ratio >= 0.9);
  add('cold render, article pages/s on one core', '≥ 5,000', r.render && `${r.render.article}`, r.render && r.render.article >= 5000);
  add(
    'full export of 10,000 articles with their lists',
    '< 4.6 s and < 300 MiB',
    r.export && `${r.export.full.seconds} s, ${r.export.full.peakMiB} MiB`,
    r.export && r.export.full.seconds < 4.6 && r.export.full.peakMiB < 300,
    ten,
  );
  add('incremental export after one edit', '< 1 s', r.export && `${r.export.incremental.seconds} s, ${r.export.incremental.written} files written`, r.export && r.export.incremental.seconds < 1);
  add(
    'search p95 at 100,000 articles (zh / en)',
    '≤ 10 ms',
    r.search && `${r.search.zh.p95} / ${r.search.en.p95} ms`,
    r.search && r.search.zh.p95 <= 10 && r.search.en.p95 <= 10,
    big,
  );
  const memory = r.serve?.memory;
  add('server peak memory holding 100,000 articles, after a warm-up over every page', '< 250 MiB', memory && `${memory.peakRssMiB} MiB`, memory && memory.peakRssMiB < 250, big);
  return t;
}

const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });

export function markdownTables(r: Results): string {
  const lines: string[] = [];
  const m = r.machine;
  lines.push(`### ${r.corpus.store ? 'A given store' : r.size}: ${n(r.corpus.articles)} articles (commit ${r.commit}, ${r.ranAt.slice(0, 10)})`, '');
  const command = r.corpus.store ? `npm run bench -- --store ${r.corpus.store}` : `npm run bench -- --size ${r.size}`;
  lines.push(`Machine: ${m.cpu}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, SQLite ${m.sqlite}. Command: \`${command}\`.`, '');
  lines.push('| target | wanted | measured | met |', '|---|---|---|---|');
  for (const t of r.targets ?? []) lines.push(`| ${t.what} | ${t.target} | ${t.measured} | ${t.met === null ? '—' : t.met ? 'yes' : '**no**'} |`);
  lines.push('', '| figure | value |', '|---|---|');
  const c = r.corpus;
  const vocabulary = c.vocabulary ? `; vocabulary ${n(c.vocabulary.zh)} zh / ${n(c.vocabulary.en)} en words` : '';
  lines.push(`| ${c.store ? `store ${c.store}` : 'corpus'} | ${n(c.articles)} articles, ${c.institutions} institutions, ${c.images} media items, ${n(c.institutionLinks)} institution links${vocabulary}; ${n(c.storeMiB)} MiB |`);
  if (c.articlesPerSecond !== undefined)
    lines.push(`| import (the old site's text files through the importer) | ${n(c.articlesPerSecond)} articles/s (${n(c.files!)} files in ${n(c.importSeconds!)} s, peak ${n(c.peakMiB!)} MiB; measured when the corpus was built, ${c.builtAt!.slice(0, 16).replace('T', ' ')} UTC) |`);
  if (r.render) lines.push(`| cold render on one core, pages/s | article ${n(r.render.article)}, news list ${n(r.render.newsList)}, home ${n(r.render.home)} |`);
  if (r.export) {
    lines.push(`| full static export | ${r.export.full.seconds} s, peak ${r.export.full.peakMiB} MiB, ${n(r.export.full.files)} files |`);
    lines.push(`| incremental export after one edit | ${r.export.incremental.seconds} s, ${r.export.incremental.written} files written |`);
    if (r.export.unchanged) lines.push(`| incremental export, nothing changed | ${r.export.unchanged.seconds} s, ${r.export.unchanged.written} files written |`);
  }
  if (r.search) lines.push(`| search latency p50 / p95 | Chinese ${r.search.zh.p50} / ${r.search.zh.p95} ms, English ${r.search.en.p50} / ${r.search.en.p95} ms (${r.search.zh.searches + r.search.en.searches} searches) |`);
  const memory = r.serve?.memory;
  if (memory)
    lines.push(`| server memory (compiled program, default page cache of 64 MiB) | ${memory.startedRssMiB} MiB once started; after one request to each of the sitemaps' ${n(memory.pages)} pages (${memory.warmUpS} s): peak ${memory.peakRssMiB} MiB, then ${memory.rssMiB} MiB |`);
  if (r.serve?.runs.length) {
    lines.push('', `Served over HTTP (autocannon, ${r.serve.connections} connections, ${r.serve.durationS} s a run, client on the same machine; the real server and a bare Fastify server sending the same bytes and headers from memory, each in its own process, alternating rounds, medians):`, '');
    lines.push('| page | cache | encoding | bytes | req/s | p50 / p99 ms | bare req/s | ratio |', '|---|---|---|---|---|---|---|---|');
    for (const p of r.serve.runs) lines.push(`| ${p.name} | ${p.cache} | ${p.encoding} | ${n(p.bytes)} | ${n(p.real.reqPerSec)} | ${p.real.p50} / ${p.real.p99} | ${n(p.bare.reqPerSec)} | ${Math.round(p.ratio * 100)} % |`);
  }
  return lines.join('\n');
}

// Serving speed and memory of the real server against a bare Fastify sending the same bytes.
//   npx tsx bench/serve.ts --store FILE.sqlite [--duration 5] [--rounds 3] [--json] [--dist] [--server-flags=--cpu-prof]
// Each server runs in its own process; autocannon (here) loads one at a time, alternating real
// and bare for --rounds rounds (medians reported). The bare server
// answers from memory with the body, status and headers the real one sent (security headers,
// etag, cache-control… all but date and the connection's own), so the two send the same bytes.
// The store is migrated by the server at start: give it a copy.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string' },
    duration: { type: 'string', default: '5' },
    /** Rounds of (real, bare) per case: the machine is shared, so the medians are reported. */
    rounds: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    'server-flags': { type: 'string', default: '' },
    'skip-memory': { type: 'boolean', default: false },
    /** Only these cases (comma-separated names: article, news p.1, …, article br). */
    only: { type: 'string' },
    'skip-cold': { type: 'boolean', default: false },
    /** Another checkout to run the server from (a before/after comparison). */
    root: { type: 'string' },
    /** Run the compiled program (bin/beiguan.js: npm run build first), as in production; tsx adds ~60 MiB. */
    dist: { type: 'boolean', default: false },
    /** The store's media library (the corpus's images). */
    'media-dir': { type: 'string' },
  },
});
if (!args.store) throw new Error('usage: tsx bench/serve.ts --store FILE.sqlite [--duration 5] [--json]');
const duration = Number(args.duration);
const root = path.resolve(import.meta.dirname, '..');
const serverRoot = args.root ? path.resolve(args.root) : root;
const work = mkdtempSync(path.join(tmpdir(), 'beiguan-serve-'));
const log = (s: string) => {
  if (!args.json) console.log(s);
};

interface Child {
  proc: ChildProcess;
  url: string;
}

/** Starts a process and waits for the address it prints. */
function startChild(argv: string[], env: NodeJS.ProcessEnv, addressPattern: RegExp, cwd = root): Promise<Child> {
  const proc = spawn(process.execPath, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = addressPattern.exec(out);
      if (m) resolve({ proc, url: m[1]!.replace('localhost', '127.0.0.1') });
    });
    proc.once('exit', (code) => reject(new Error(`${argv.join(' ')} exited with ${code} before listening:\n${out}`)));
  });
}

const stopChild = (c: Child) =>
  new Promise<void>((resolve) => {
    if (c.proc.exitCode !== null) return resolve();
    c.proc.once('exit', () => resolve());
    c.proc.kill('SIGTERM');
  });

const startServer = (cacheMb: number) =>
  startChild(
    [...args['server-flags'].split(' ').filter(Boolean), ...(args.dist ? ['bin/beiguan.js'] : ['--import', 'tsx', 'src/cli/bin.ts']), 'serve', '--db', args.store!, '--port', '0', '--no-demo'],
    { LOG_LEVEL: 'silent', BEIGUAN_PAGE_CACHE_MB: String(cacheMb), BEIGUAN_BASE_URL: 'http://localhost', ...(args['media-dir'] ? { BEIGUAN_MEDIA_DIR: path.resolve(args['media-dir']) } : {}) },
    /serving .* at (http:\/\/\S+)/,
    serverRoot,
  );

// The bare server: one route per address, each sending what the real server sent, for either encoding.
const BARE = `
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
const pages = JSON.parse(readFileSync(process.argv[1], 'utf8'));
const app = Fastify({ logger: false });
const byPath = new Map();
for (const p of pages) {
  const e = byPath.get(p.path) ?? {};
  e[p.encoding] = { status: p.status, headers: p.headers, body: Buffer.from(p.body, 'base64') };
  byPath.set(p.path, e);
}
for (const [url, e] of byPath)
  app.get(url, (req, reply) => {
    const r = (req.headers['accept-encoding'] ?? '').includes('br') && e.br ? e.br : e.identity;
    return reply.code(r.status).headers(r.headers).send(r.body);
  });
console.log('bare at ' + (await app.listen({ port: 0, host: '127.0.0.1' })));
`;

const DROPPED = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
interface Fetched {
  path: string;
  encoding: 'identity' | 'br';
  status: number;
  headers: Record<string, string>;
  body: string;
}
/** One response as sent (fetch would decompress it). */
function fetchPage(base: string, address: string, encoding: 'identity' | 'br'): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    http
      .get(base + address, { headers: { 'accept-encoding': encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (!DROPPED.has(k) && typeof v === 'string') headers[k] = v;
          resolve({ path: address.split('?')[0]!, encoding, status: res.statusCode!, headers, body: Buffer.concat(chunks).toString('base64') });
        });
      })
      .on('error', reject);
  });
}

interface Result {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}
async function load(url: string, headers: Record<string, string>): Promise<Result> {
  await autocannon({ url, connections: 10, duration: 1, headers });
  const r = await autocannon({ url, connections: 10, duration, headers });
  return { reqPerSec: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

/** The round with the median req/s. */
const median = (results: Result[]) => [...results].sort((a, b) => a.reqPerSec - b.reqPerSec)[Math.floor(results.length / 2)]!;

/** Every address the sitemap(s) list. */
async function sitemapAddresses(base: string): Promise<string[]> {
  const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  const top = await (await fetch(`${base}/sitemap.xml`)).text();
  if (!top.includes('<sitemapindex')) return locs(top);
  const out: string[] = [];
  for (const part of locs(top)) out.push(...locs(await (await fetch(base + part)).text()));
  return out;
}

const readStatus = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) / 1024;
  return { peakRssMiB: Math.round(kb('VmHWM')), rssMiB: Math.round(kb('VmRSS')) };
};

const report: Record<string, unknown> = { store: args.store, durationS: duration, connections: 10 };

// Addresses to measure, chosen from the sitemap of a first (warm) server.
let server = await startServer(64);
const addresses = await sitemapAddresses(server.url);
const articles = addresses.filter((a) => /^\/en\/news\/(?!page\/)[^/]+$/.test(a));
const newsPages = addresses.filter((a) => /^\/en\/news\/page\/\d+\/$/.test(a));
const targets: Record<string, string> = {
  article: articles[Math.floor(articles.length / 2)]!,
  'news p.1': '/en/news/',
  'news deep': newsPages[Math.floor(newsPages.length * 0.9)] ?? '/en/news/',
  home: '/zh/',
  'search zh': `/zh/search?q=${encodeURIComponent('科技')}`,
  'search en': '/en/search?q=science',
};
log(`store ${args.store}: ${addresses.length} addresses in the sitemap, ${articles.length} English articles`);

const runs: Record<string, unknown>[] = [];
for (const cache of args['skip-cold'] ? (['warm'] as const) : (['warm', 'cold'] as const)) {
  if (cache === 'cold') {
    await stopChild(server);
    server = await startServer(0);
  }
  const fetched: Fetched[] = [];
  for (const address of Object.values(targets)) fetched.push(await fetchPage(server.url, address, 'identity'));
  fetched.push(await fetchPage(server.url, targets.article!, 'br'));
  for (const f of fetched) if (f.status !== 200) throw new Error(`${f.path}: ${f.status}`);
  const file = path.join(work, 'bare.json');
  writeFileSync(file, JSON.stringify(fetched));
  const bare = await startChild(['--input-type=module', '-e', BARE, file], {}, /bare at (http:\/\/\S+)/);
  const cases = [...Object.entries(targets).map(([name, address]) => ({ name, address, encoding: 'identity' as const })), { name: 'article br', address: targets.article!, encoding: 'br' as const }].filter(
    (c) => !args.only || args.only.split(',').includes(c.name),
  );
  log(`\n${cache} page cache${cache === 'cold' ? ' (BEIGUAN_PAGE_CACHE_MB=0)' : ''}: req/s, latency p50/p99 ms; bare Fastify, same bytes`);
  for (const c of cases) {
    const headers = { 'accept-encoding': c.encoding };
    const rounds: { real: Result; bare: Result }[] = [];
    for (let i = 0; i < Number(args.rounds); i++) rounds.push({ real: await load(server.url + c.address, headers), bare: await load(bare.url + c.address, headers) });
    const real = median(rounds.map((r) => r.real));
    const base = median(rounds.map((r) => r.bare));
    const bytes = Buffer.from(fetched.find((f) => f.path === c.address.split('?')[0] && f.encoding === c.encoding)!.body, 'base64').length;
    // Each round's ratio is of two runs a few seconds apart; their median resists the neighbours' load.
    const ratios = rounds.map((r) => r.real.reqPerSec / r.bare.reqPerSec).sort((a, b) => a - b);
    const ratio = Math.round(ratios[Math.floor(ratios.length / 2)]! * 1000) / 1000;
    runs.push({ cache, name: c.name, address: c.address, encoding: c.encoding, bytes, real, bare: base, ratio });
    if (real.errors || real.non2xx) log(`  !! ${c.name}: ${real.errors} errors, ${real.non2xx} non-2xx`);
    log(
      `  ${c.name.padEnd(11)} ${String(bytes).padStart(6)} B  ${String(real.reqPerSec).padStart(6)} req/s ${real.p50}/${real.p99} ms   bare ${String(base.reqPerSec).padStart(6)} req/s ${base.p50}/${base.p99} ms   ${(ratio * 100).toFixed(0)}%`,
    );
  }
  await stopChild(bare);
}
report.runs = runs;

// Memory: a fresh server with the default page cache, after one request to every public page.
await stopChild(server);
if (!args['skip-memory']) {
  server = await startServer(64);
  const started = readStatus(server.proc.pid!);
  const all = await sitemapAddresses(server.url);
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const address = all[next++]!;
      const res = await fetch(server.url + address);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${address}: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const after = readStatus(server.proc.pid!);
  report.memory = { pages: all.length, warmUpS: Math.round(seconds * 10) / 10, startedRssMiB: started.rssMiB, ...after };
  log(`\nmemory: ${started.rssMiB} MiB RSS once started; after all ${all.length} pages (${seconds.toFixed(1)} s): peak ${after.peakRssMiB} MiB, now ${after.rssMiB} MiB`);
  await stopChild(server);
}
if (args.json) console.log(JSON.stringify(report));

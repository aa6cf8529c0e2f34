// Time and peak memory of a full static export of a corpus (5,000 articles a language by default,
// with their list pages, feeds and sitemaps), of an export with nothing changed, and of an
// incremental export after one article is edited through the workflow. Each step runs in a
// process of its own, so each peak is its own.
//   npx tsx bench/export.ts [articles-per-language] [--store FILE] [--json]
// --store exports that store (and edits one of its articles); without it the corpus is
// $TMPDIR/beiguan-bench-export-N.sqlite, made when missing. The signing key is FILE's name with
// .key.pem, made when missing. --json ends with one line:
//   {"full":{seconds,peakMiB,files,written},"unchanged":{seconds,written},"incremental":{seconds,written,files}}
import { spawnSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices, type Services } from '../src/app/services.js';
import { migrate } from '../src/app/app.js';
import { openStore } from '../src/db/index.js';
import { exportSite } from '../src/export/export.js';
import { systemClock } from '../src/shared/clock.js';
import { loadAssets } from '../src/site/assets.js';
import { buildCorpus } from './corpus.js';

const { values: opts, positionals } = parseArgs({ options: { store: { type: 'string' }, json: { type: 'boolean' }, step: { type: 'string' } }, allowPositionals: true });
const step = opts.step ?? 'all';
const perLang = Number(positionals[0] ?? '5000');
const file = path.resolve(opts.store ?? path.join(os.tmpdir(), `beiguan-bench-export-${perLang}.sqlite`));
const work = file.replace(/\.sqlite$/, '');
const keyFile = `${work}.key.pem`;
const out = path.join(work, 'site');

async function open() {
  const store = await openStore({ kind: 'sqlite', path: file });
  // As the server would: a search index made with older tokens is built again.
  await migrate(store);
  return { store, services: createServices(store.db, systemClock) };
}

/** A real edit of a published article: taken down, edited, reviewed, published again. */
async function editOne(services: Services) {
  await services.auth.addUser({ name: `bench-${Date.now()}`, role: 'administrator', password: 'a long timing passphrase' }).then(async (u) => {
    const actor = (await services.auth.actorForToken((await services.auth.createToken(u.name)).token))!;
    const [a] = (await services.news.listPublished('en', { offset: 40, limit: 1 })).items;
    const wf = services.newsWorkflow;
    let item = await wf.transition(actor, a!.id, { to: 'unpublished', revision: a!.revision });
    item = await wf.transition(actor, item.id, { to: 'draft', revision: item.revision });
    item = await wf.update(actor, item.id, { title: `${a!.title} (edited)` }, item.revision);
    for (const to of ['in_review', 'approved', 'published'] as const) item = await wf.transition(actor, item.id, { to, revision: item.revision });
    process.stdout.write(`edited ${a!.slug}\n`);
  });
}

async function runExport(full: boolean) {
  const { store, services } = await open();
  const assets = loadAssets();
  const key = createPrivateKey(readFileSync(keyFile));
  const t0 = performance.now();
  const r = await exportSite({ ctx: { services, baseUrl: 'https://www.bjast.example', assets: assets.site }, assets: assets.files, out, key, full });
  const ms = performance.now() - t0;
  await store.close();
  process.stdout.write(`${JSON.stringify({ seconds: +(ms / 1000).toFixed(2), written: r.written, kept: r.kept, files: r.files, peakMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
}

const newKey = () => writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));

if (step === 'corpus') {
  const { store, services } = await open();
  const t0 = performance.now();
  await buildCorpus(services, { articlesPerLang: perLang });
  await store.close();
  newKey();
  console.log(`corpus: ${perLang * 2} articles in ${((performance.now() - t0) / 1000).toFixed(1)} s (${file})`);
} else if (step === 'full') await runExport(true);
else if (step === 'incremental') await runExport(false);
else if (step === 'edit') {
  const { store, services } = await open();
  await editOne(services);
  await store.close();
} else {
  const self = fileURLToPath(import.meta.url);
  const run = (s: string) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', self, String(perLang), '--store', file, '--step', s], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`${s} failed`);
    return r.stdout.trim().split('\n').at(-1)!;
  };
  if (!existsSync(file)) console.log(run('corpus'));
  else if (!existsSync(keyFile)) newKey();
  type Step = { seconds: number; written: number; kept: number; files: number; peakMiB: number };
  const show = (label: string, line: string) => {
    const r = JSON.parse(line) as Step;
    console.log(`${label.padEnd(26)} ${r.seconds.toFixed(2).padStart(6)} s  ${String(r.written).padStart(6)} written  ${String(r.kept).padStart(6)} kept  of ${r.files}  peak ${r.peakMiB} MiB`);
    return r;
  };
  const full = show('full export', run('full'));
  const unchanged = show('incremental, no change', run('incremental'));
  console.log(run('edit'));
  const incremental = show('incremental after 1 edit', run('incremental'));
  if (opts.json)
    console.log(JSON.stringify({
      full: { seconds: full.seconds, peakMiB: full.peakMiB, files: full.files, written: full.written },
      unchanged: { seconds: unchanged.seconds, written: unchanged.written },
      incremental: { seconds: incremental.seconds, written: incremental.written, files: incremental.files },
    }));
}

// `npm run bench [-- --size 10k|100k] [--only import,render,serve,export,search] [--fresh]`
// `npm run bench -- --store copy-of-a-site.sqlite [--media-dir DIR]` measures that store instead.
// Builds the synthetic corpus through the importer (once per size; --fresh builds it again), then
// measures each figure in a process of its own, so that each peak of memory is its own:
// cold render, serving over HTTP against a bare Fastify server, the static export, search. The
// figures go to bench/results/latest.json (and <size>.json) and to the table in bench/README.md.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createServices } from '../src/app/services.js';
import { migrate } from '../src/app/app.js';
import { openStore } from '../src/db/index.js';
import { importFiles } from '../src/legacy/index.js';
import { DEFAULT_MEDIA_LIMITS } from '../src/media/index.js';
import { DEFAULT_AUTH_POLICY } from '../src/people/index.js';
import { systemClock } from '../src/shared/clock.js';
import { addImageArticles, INSTITUTIONS, writeLegacyCorpus } from './corpus.js';
import { everydayVocabularySize, VOCABULARY } from './vocabulary.js';
import { machine, markdownTables, targetsOf, type Results } from './results.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '10k' },
    only: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    work: { type: 'string', default: path.join(os.tmpdir(), 'beiguan-bench') },
    store: { type: 'string' },
    'media-dir': { type: 'string' },
    // Internal: the corpus is built in a child process of its own.
    'build-corpus': { type: 'boolean', default: false },
  },
});
const SIZES: Record<string, number> = { '1k': 500, '10k': 5_000, '100k': 50_000 };
if (!SIZES[args.size!]) {
  console.error(`bench: --size must be one of ${Object.keys(SIZES).join(', ')} (articles in both languages); got "${args.size}"`);
  process.exit(2);
}
const perLang = SIZES[args.size!]!;
const STEPS = ['import', 'render', 'serve', 'export', 'search'] as const;
const only = new Set(args.only ? args.only.split(',') : STEPS);
for (const s of only)
  if (!(STEPS as readonly string[]).includes(s)) {
    console.error(`bench: --only takes ${STEPS.join(', ')}; got "${s}"`);
    process.exit(2);
  }
// The corpus of a size is built once and kept; a new version of the generator builds a new one.
const CORPUS_VERSION = 1;
const work = path.join(args.work!, `${args.size}-v${CORPUS_VERSION}`);
// A store given is measured as it is (a copy is exported, never the store itself); no corpus is built.
const given = args.store ? path.resolve(args.store) : undefined;
if (given && !existsSync(given)) {
  console.error(`bench: --store ${args.store}: no such file`);
  process.exit(2);
}
const store = given ?? path.join(work, 'corpus.sqlite');
// The corpus's media library; a store given comes with its own, or none.
const mediaDir = args['media-dir'] ? path.resolve(args['media-dir']) : given ? undefined : path.join(work, 'media');
const importFile = path.join(work, 'import.json');

if (args['build-corpus']) {
  await buildCorpusStore();
  process.exit(0);
}

/** Writes the old site's files, imports them (timed), adds the articles with images. */
async function buildCorpusStore() {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  let t0 = performance.now();
  const folders = await writeLegacyCorpus(path.join(work, 'legacy'), perLang);
  const writeSeconds = (performance.now() - t0) / 1000;
  const opened = await openStore({ kind: 'sqlite', path: store });
  await migrate(opened, systemClock);
  t0 = performance.now();
  let files = 0;
  for (const [i, f] of folders.entries()) {
    const lang = i === 0 ? 'zh' : 'en';
    for (const p of [f.institutions, f.articles]) {
      const report = await importFiles(opened, systemClock, [p], { lang });
      if (report.failed > 0) throw new Error(`import of ${p} failed: ${report.files.find((x) => !x.ok)?.error}`);
      files += report.files.length;
    }
  }
  const importSeconds = (performance.now() - t0) / 1000;
  // The importer's own peak (the images after it are processed by sharp, with memory of its own).
  const importPeakMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  const services = createServices(opened.db, systemClock, DEFAULT_AUTH_POLICY, { dir: mediaDir!, ...DEFAULT_MEDIA_LIMITS });
  const images = Math.max(2, Math.round(perLang / 1000));
  await addImageArticles(services, images);
  const articles = await services.news.count();
  const linked = await sql<{ n: number }>`select count(*) as n from article_institution`.execute(opened.db);
  await opened.close();
  const result = {
    builtAt: new Date().toISOString(),
    articles,
    institutions: INSTITUTIONS.length * 2,
    images: images * 2,
    institutionLinks: Number(linked.rows[0]?.n ?? 0),
    vocabulary: { zh: everydayVocabularySize('zh') + VOCABULARY.zh.length, en: everydayVocabularySize('en') + VOCABULARY.en.length },
    files,
    writeFilesSeconds: +writeSeconds.toFixed(2),
    importSeconds: +importSeconds.toFixed(2),
    articlesPerSecond: Math.round((perLang * 2) / importSeconds),
    storeMiB: Math.round(statSync(store).size / 2 ** 20),
    peakMiB: importPeakMiB,
  };
  writeFileSync(importFile, JSON.stringify(result, null, 2));
}

/** What a store given with --store holds (it was not built here: no import figures). */
async function describeStore(file: string): Promise<Results['corpus']> {
  const opened = await openStore({ kind: 'sqlite', path: file });
  const count = async (table: 'article' | 'institution' | 'media' | 'article_institution') => Number((await opened.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const corpus = { store: file, articles: await count('article'), institutions: await count('institution'), images: await count('media'), institutionLinks: await count('article_institution'), storeMiB: Math.round(statSync(file).size / 2 ** 20) };
  await opened.close();
  return corpus;
}

/** The server is measured as it runs in production: the compiled program, built from these sources first. */
function serve() {
  const built = spawnSync('npm', ['run', 'build'], { cwd: path.join(here, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('npm run build failed');
  return child('serve.ts', ['--store', store, ...(mediaDir ? ['--media-dir', mediaDir] : []), '--dist', '--json']);
}

/** Runs a bench script in a process of its own and returns the JSON line it ends with. */
function child(script: string, extra: string[], { oneCore = false } = {}) {
  const argv = ['--import', 'tsx', path.join(here, script), ...extra];
  // On one core: V8's garbage collector works on other threads, which would otherwise take a second core.
  const pinned = oneCore && existsSync('/usr/bin/taskset');
  console.log(`\n▶ ${pinned ? 'taskset -c 0 ' : ''}${script} ${extra.join(' ')}`);
  const r = spawnSync(pinned ? '/usr/bin/taskset' : process.execPath, pinned ? ['-c', '0', process.execPath, ...argv] : argv, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 2 ** 20,
  });
  process.stdout.write(r.stdout.split('\n').filter((l) => !l.startsWith('{')).join('\n'));
  if (r.status !== 0) throw new Error(`${script} exited with ${r.status}`);
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last) as unknown;
  } catch {
    throw new Error(`${script} did not end with its figures as one JSON line: ${last.slice(0, 200)}`);
  }
}

if (!given && (args.fresh || !existsSync(importFile))) {
  console.log(`Building the ${args.size} corpus (${perLang * 2} articles) through the importer in ${work}…`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--build-corpus', '--size', args.size!, '--work', args.work!], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the corpus failed');
}
// Opening the corpus once brings an older store up to date (migrations, search index), untimed.
{
  const opened = await openStore({ kind: 'sqlite', path: store });
  await migrate(opened, systemClock);
  await opened.close();
}

const label = given ? 'store' : args.size!;
const previous = existsSync(path.join(here, 'results', `${label}.json`)) ? (JSON.parse(readFileSync(path.join(here, 'results', `${label}.json`), 'utf8')) as Results) : undefined;
const results: Results = {
  size: label,
  machine: machine(),
  commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || 'unknown',
  ranAt: new Date().toISOString(),
  corpus: given ? await describeStore(given) : JSON.parse(readFileSync(importFile, 'utf8')),
  render: only.has('render') ? child('render.ts', ['--store', store, '--json'], { oneCore: true }) : previous?.render,
  serve: only.has('serve') ? serve() : previous?.serve,
  export: undefined,
  search: only.has('search') ? child('search.ts', ['--store', store, '--json']) : previous?.search,
} as Results;
if (only.has('export')) {
  // The export edits an article: it works on a copy, so the corpus stays as built.
  mkdirSync(work, { recursive: true });
  const copy = path.join(work, 'export-copy.sqlite');
  copyFileSync(store, copy);
  try {
    results.export = child('export.ts', ['--store', copy, '--json']) as Results['export'];
  } finally {
    for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
  }
} else results.export = previous?.export;
results.targets = targetsOf(results);

mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', `${label}.json`), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(here, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
const readme = path.join(here, 'README.md');
const text = readFileSync(readme, 'utf8');
const [begin, end] = [`<!-- results ${label} -->`, `<!-- end results ${label} -->`];
const table = `${begin}\n${markdownTables(results)}\n${end}`;
writeFileSync(readme, text.includes(begin) ? text.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), () => table) : `${text.trimEnd()}\n\n${table}\n`);
console.log(`\n${markdownTables(results)}\n\nWritten to bench/results/latest.json and bench/README.md.`);

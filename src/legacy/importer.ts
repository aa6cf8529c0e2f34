// Imports the old site's text exports into the store: each file whole or not at all, re-imports
// update what they created, and the report says what an editor still has to look at.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createServices, type Services } from '../app/services.js';
import { batchWriter, type Store } from '../db/index.js';
import { docFromParagraphs } from '../richtext/index.js';
import { legacyPath } from '../redirects/index.js';
import { beijingLocalToIso, type Clock } from '../shared/clock.js';
import { isLang, LANGS, type Lang } from '../shared/lang.js';
import { urls } from '../shared/urls.js';
import { guessLang } from '../shared/text.js';
import { LegacyFormatError, type LegacyArticle, type LegacyDirectory, type LegacyDocument } from './legacy.types.js';
import { MAX_FILE_BYTES } from './decode.js';
import { decodeLegacyBytes, parseLegacyText } from './parse.js';

export interface NeedsEditor {
  file: string;
  what: string;
}

export interface FileOutcome {
  file: string;
  ok: boolean;
  kind?: LegacyDocument['kind'];
  lang?: Lang;
  created: number;
  updated: number;
  /** Old addresses that now redirect to what the file became. */
  redirects: number;
  error?: string;
}

export interface ImportReport {
  files: FileOutcome[];
  created: number;
  updated: number;
  redirects: number;
  failed: number;
  needsEditor: NeedsEditor[];
}

export interface ImportOptions {
  /** Forces the language; otherwise each file's language is read from its text. */
  lang?: Lang;
}

export interface CollectedFiles {
  files: string[];
  /** Paths that do not exist. */
  missing: string[];
  /** Folders that could not be listed or hold no .txt file, with the reason. */
  problems: { path: string; reason: string }[];
}

/** Expands folders (recursively, *.txt only, sorted) and keeps files named explicitly. */
export async function collectFiles(paths: string[]): Promise<CollectedFiles> {
  const files = new Map<string, string>(); // resolved path → the path as the operator spelled it
  const missing: string[] = [];
  const problems: CollectedFiles['problems'] = [];
  const add = (f: string) => {
    if (!files.has(path.resolve(f))) files.set(path.resolve(f), f);
  };
  for (const p of paths) {
    const stat = await fs.stat(p).catch(() => undefined);
    if (!stat) missing.push(p);
    else if (stat.isDirectory()) {
      let entries;
      try {
        entries = await fs.readdir(p, { recursive: true, withFileTypes: true });
      } catch (e) {
        problems.push({ path: p, reason: `the folder cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
        continue;
      }
      const found = entries
        .filter((e) => e.isFile() && !e.name.startsWith('.') && e.name.toLowerCase().endsWith('.txt'))
        .map((e) => path.join(e.parentPath, e.name))
        .sort();
      // An empty folder is most likely the wrong folder: say so rather than report "0 imported".
      if (found.length === 0) problems.push({ path: p, reason: 'the folder holds no .txt file' });
      found.forEach(add);
    } else add(p);
  }
  return { files: [...files.values()], missing, problems };
}

/** Parses one file; a LegacyFormatError names the file and the reason. */
export async function readLegacyFile(file: string): Promise<LegacyDocument> {
  let bytes: Uint8Array;
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) throw new LegacyFormatError(file, 'is a folder, not a file');
    // Checked before reading, so that a huge file is refused without filling the memory.
    if (stat.size > MAX_FILE_BYTES) throw new LegacyFormatError(file, `the file is larger than ${MAX_FILE_BYTES} bytes`);
    bytes = await fs.readFile(file);
  } catch (e) {
    if (e instanceof LegacyFormatError) throw e;
    throw new LegacyFormatError(file, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseLegacyText(decodeLegacyBytes(bytes, file), file);
}

export const docText = (doc: LegacyDocument) =>
  doc.kind === 'directory'
    ? doc.entries.map((e) => [e.name, ...e.paragraphs].join('\n')).join('\n')
    : [doc.title, ...doc.paragraphs].join('\n');

export async function importFiles(store: Store, clock: Clock, paths: string[], options: ImportOptions = {}): Promise<ImportReport> {
  const report: ImportReport = { files: [], created: 0, updated: 0, redirects: 0, failed: 0, needsEditor: [] };
  const { files, missing, problems } = await collectFiles(paths);
  const fail = (file: string, error: string) => report.files.push({ file, ok: false, created: 0, updated: 0, redirects: 0, error });
  for (const m of missing) fail(m, 'no such file or folder');
  for (const p of problems) fail(p.path, p.reason);

  const keysThisRun = new Set<string>();
  let imported: ImportedArticle[] = [];
  // Files are written a batch at a time (each file in a savepoint of its own: whole or not at all);
  // the outcomes of the batch not yet committed are reported failed if its commit fails.
  const writer = batchWriter(store);
  let uncommitted: FileOutcome[] = [];
  const commit = async () => {
    try {
      await writer.flush();
    } catch (e) {
      for (const o of uncommitted) Object.assign(o, { ok: false, created: 0, updated: 0, redirects: 0, error: `could not be stored: ${(e as Error).message}` });
      const lost = new Set(uncommitted.map((o) => o.file));
      imported = imported.filter((i) => !lost.has(i.file));
      report.needsEditor = report.needsEditor.filter((n) => !lost.has(n.file));
    }
    uncommitted = [];
  };
  try {
    for (const file of files) {
      if (options.lang !== undefined && !isLang(options.lang)) {
        fail(file, `the language "${String(options.lang)}" is not one of ${LANGS.join(', ')}`);
        continue;
      }
      const outcome: FileOutcome = { file, ok: false, created: 0, updated: 0, redirects: 0 };
      report.files.push(outcome);
      try {
        const doc = await readLegacyFile(file);
        const lang = options.lang ?? guessLang(docText(doc));
        const job = { doc, lang, source: path.basename(file), fileKey: fileKeyOf(file, keysThisRun) };
        const applied = await writer.unit((trx) => applyDocument(createServices(trx, clock), job));
        Object.assign(outcome, { ok: true, kind: doc.kind, lang, ...applied.counts, redirects: applied.redirects.length });
        uncommitted.push(outcome);
        report.needsEditor.push(...applied.notes.map((what) => ({ file, what })));
        if (doc.kind === 'article') imported.push(importedArticle(file, doc, lang));
      } catch (e) {
        outcome.error =
          e instanceof LegacyFormatError ? `${e.line ? `line ${e.line}: ` : ''}${e.reason}` : `could not be stored: ${(e as Error).message}`;
      }
      if (writer.due) await commit();
    }
    await commit();
  } finally {
    await writer.abandon();
  }

  report.needsEditor.push(...(await missingNeighbours(store, clock, imported)));
  return totalled(report);
}

/** What the neighbour check needs of an imported article (not its text: an import may hold 100,000). */
export interface ImportedArticle {
  file: string;
  article: Pick<LegacyArticle, 'title' | 'previous' | 'next'>;
  lang: Lang;
}

export const importedArticle = (file: string, doc: LegacyArticle, lang: Lang): ImportedArticle => ({
  file,
  article: { title: doc.title, previous: doc.previous, next: doc.next },
  lang,
});

/** Neighbours are checked once every file is in, so that files imported together find each other. */
export async function missingNeighbours(store: Store, clock: Clock, imported: ImportedArticle[]): Promise<NeedsEditor[]> {
  const services = createServices(store.db, clock);
  const notes: NeedsEditor[] = [];
  for (const { file, article, lang } of imported) {
    for (const [side, title] of [['previous', article.previous], ['next', article.next]] as const) {
      if (title && !(await services.news.hasPublishedTitle(lang, title)))
        notes.push({ file, what: `article "${article.title}": ${side} article "${title}" is not in the store` });
    }
  }
  return notes;
}

/** Adds up the files' counts into the report's totals. */
export function totalled(report: ImportReport): ImportReport {
  for (const f of report.files) {
    report.created += f.created;
    report.updated += f.updated;
    report.redirects += f.redirects;
    if (!f.ok) report.failed++;
  }
  return report;
}

export interface Applied {
  counts: { created: number; updated: number };
  notes: string[];
  /** Where the file's content is public now: its article, or the directory. */
  address: string;
  /** The old addresses (keys) the file's own source lines redirect. */
  redirects: string[];
}

export interface ImportJob {
  doc: LegacyDocument;
  lang: Lang;
  source: string;
  /** Identifies the file across runs when the page carries no old-site id. */
  fileKey: string;
}

/**
 * "seeds/004_x" for seeds/004_x.txt: the folder name keeps two files of one name in two folders
 * apart; a second file with the same key in one run gets its full path instead.
 */
export function fileKeyOf(file: string, used: Set<string>): string {
  const base = path.basename(file).replace(/\.[^.]+$/, '');
  let key = `file:${path.basename(path.dirname(path.resolve(file)))}/${base}`;
  if (used.has(key)) key = `file:${path.resolve(file)}`;
  used.add(key);
  return key;
}

/** Writes one parsed file with the services given (bound to the caller's transaction). */
export function applyDocument(services: Services, job: ImportJob): Promise<Applied> {
  return job.doc.kind === 'directory' ? importDirectory(services, job.doc, job) : importArticle(services, job.doc, job);
}

async function importDirectory(services: Services, doc: LegacyDirectory, { lang, source }: ImportJob): Promise<Applied> {
  const applied: Applied = { counts: { created: 0, updated: 0 }, notes: [], address: urls.institutions(lang), redirects: [] };
  const keys = new Set<string>();
  for (const entry of doc.entries) {
    // Two entries of one page with the same name are two entries, not one updated twice.
    let legacyKey = `name:${entry.name.toLowerCase()}`;
    if (keys.has(legacyKey)) legacyKey = `${legacyKey}#${entry.number}`;
    keys.add(legacyKey);
    const { item, created } = await services.institutions.upsertByLegacyKey({
      lang,
      position: entry.number,
      name: entry.name,
      profile: entry.paragraphs.length > 0 ? docFromParagraphs(entry.paragraphs) : null,
      legacyKey,
      legacySource: source,
    });
    applied.counts[created ? 'created' : 'updated']++;
    // Public at its address: a redirect or tombstone left there by something earlier gives way.
    if (item.status === 'published') await services.redirects.live(urls.institution(lang, item.slug));
    if (entry.paragraphs.length === 0) applied.notes.push(`institution ${entry.number} "${entry.name}" has no profile text`);
  }
  return applied;
}

/** Only the old site's own addresses become redirects: a file must not take over one of ours. */
const OLD_SITE_PATH = /^\/Html\//i;

async function importArticle(services: Services, doc: LegacyArticle, { lang, source, fileKey }: ImportJob): Promise<Applied> {
  const publishedAt = doc.date ? beijingLocalToIso(doc.date.date, doc.date.time) : null;
  if (doc.date && !publishedAt) throw new LegacyFormatError(source, `the date ${doc.date.date} ${doc.date.time} does not exist`);
  const legacyKey = doc.legacyId ? `id:${doc.legacyId}` : fileKey;
  const input = {
    lang,
    title: doc.title,
    body: docFromParagraphs(doc.paragraphs),
    status: 'published' as const,
    channelId: (await services.taxonomy.channelBySlug('news'))?.id ?? null,
    publishedAt: publishedAt ?? null,
    legacyKey,
    legacyId: doc.legacyId,
    legacyUrl: doc.legacyUrl,
    legacySource: source,
    legacyPrevTitle: doc.previous,
    legacyNextTitle: doc.next,
  };
  const { item, created } = await services.news.upsertImported(input);
  const address = urls.article(lang, item.slug);
  if (item.status === 'published') await services.redirects.live(address);

  const oldPath = doc.legacyUrl ? legacyPath(doc.legacyUrl) : undefined;
  const redirected = oldPath && OLD_SITE_PATH.test(oldPath) ? await services.redirects.fromLegacy(oldPath, address) : undefined;
  return {
    counts: { created: created ? 1 : 0, updated: created ? 0 : 1 },
    notes: doc.date ? [] : [`article "${doc.title}" has no publication date`],
    address,
    redirects: redirected ? [redirected] : [],
  };
}

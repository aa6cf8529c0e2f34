// Imports the old site's text exports into the store: each file whole or not at all, re-imports
// update what they created, and the report says what an editor still has to look at.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createServices, inTransaction, type Services } from '../app/services.js';
import type { Store } from '../db/index.js';
import { docFromParagraphs } from '../richtext/index.js';
import { legacyPath } from '../redirects/index.js';
import { beijingLocalToIso, type Clock } from '../shared/clock.js';
import type { Lang } from '../shared/lang.js';
import { urls } from '../shared/urls.js';
import { guessLang } from '../shared/text.js';
import { LegacyFormatError, type LegacyArticle, type LegacyDirectory, type LegacyDocument } from './legacy.types.js';
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
  error?: string;
}

export interface ImportReport {
  files: FileOutcome[];
  created: number;
  updated: number;
  failed: number;
  needsEditor: NeedsEditor[];
}

export interface ImportOptions {
  /** Forces the language; otherwise each file's language is read from its text. */
  lang?: Lang;
}

/** Expands folders (recursively, *.txt only, sorted) and keeps files named explicitly. */
export async function collectFiles(paths: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    const stat = await fs.stat(p).catch(() => undefined);
    if (!stat) missing.push(p);
    else if (stat.isDirectory()) {
      const entries = await fs.readdir(p, { recursive: true, withFileTypes: true });
      const found = entries
        .filter((e) => e.isFile() && !e.name.startsWith('.') && e.name.toLowerCase().endsWith('.txt'))
        .map((e) => path.join(e.parentPath, e.name))
        .sort();
      files.push(...found);
    } else files.push(p);
  }
  return { files: [...new Set(files)], missing };
}

/** Parses one file; a LegacyFormatError names the file and the reason. */
export async function readLegacyFile(file: string): Promise<LegacyDocument> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    throw new LegacyFormatError(file, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseLegacyText(decodeLegacyBytes(bytes, file), file);
}

const docText = (doc: LegacyDocument) =>
  doc.kind === 'directory'
    ? doc.entries.map((e) => [e.name, ...e.paragraphs].join('\n')).join('\n')
    : [doc.title, ...doc.paragraphs].join('\n');

export async function importFiles(store: Store, clock: Clock, paths: string[], options: ImportOptions = {}): Promise<ImportReport> {
  const report: ImportReport = { files: [], created: 0, updated: 0, failed: 0, needsEditor: [] };
  const { files, missing } = await collectFiles(paths);
  for (const m of missing) report.files.push({ file: m, ok: false, created: 0, updated: 0, error: 'no such file or folder' });

  const imported: { file: string; article: LegacyArticle; lang: Lang }[] = [];
  for (const file of files) {
    const outcome: FileOutcome = { file, ok: false, created: 0, updated: 0 };
    report.files.push(outcome);
    try {
      const doc = await readLegacyFile(file);
      const lang = options.lang ?? guessLang(docText(doc));
      const source = path.basename(file);
      const counts = await inTransaction(store, clock, (services) =>
        doc.kind === 'directory' ? importDirectory(services, doc, lang, source) : importArticle(services, doc, lang, source),
      );
      Object.assign(outcome, { ok: true, kind: doc.kind, lang, ...counts.counts });
      report.needsEditor.push(...counts.notes.map((what) => ({ file, what })));
      if (doc.kind === 'article') imported.push({ file, article: doc, lang });
    } catch (e) {
      outcome.error = e instanceof LegacyFormatError ? e.reason : `could not be stored: ${(e as Error).message}`;
    }
  }

  // Neighbours are checked once every file is in, so that files imported together find each other.
  const services = createServices(store.db, clock);
  for (const { file, article, lang } of imported) {
    for (const [side, title] of [['previous', article.previous], ['next', article.next]] as const) {
      if (title && !(await services.news.hasPublishedTitle(lang, title)))
        report.needsEditor.push({ file, what: `article "${article.title}": ${side} article "${title}" is not in the store` });
    }
  }

  for (const f of report.files) {
    report.created += f.created;
    report.updated += f.updated;
    if (!f.ok) report.failed++;
  }
  return report;
}

interface Applied {
  counts: { created: number; updated: number };
  notes: string[];
}

async function importDirectory(services: Services, doc: LegacyDirectory, lang: Lang, source: string): Promise<Applied> {
  const applied: Applied = { counts: { created: 0, updated: 0 }, notes: [] };
  for (const entry of doc.entries) {
    const { created } = await services.institutions.upsertByLegacyKey({
      lang,
      position: entry.number,
      name: entry.name,
      profile: entry.paragraphs.length > 0 ? docFromParagraphs(entry.paragraphs) : null,
      legacyKey: `name:${entry.name.toLowerCase()}`,
      legacySource: source,
    });
    applied.counts[created ? 'created' : 'updated']++;
    if (entry.paragraphs.length === 0) applied.notes.push(`institution ${entry.number} "${entry.name}" has no profile text`);
  }
  return applied;
}

async function importArticle(services: Services, doc: LegacyArticle, lang: Lang, source: string): Promise<Applied> {
  const publishedAt = doc.date ? beijingLocalToIso(doc.date.date, doc.date.time) : null;
  if (doc.date && !publishedAt) throw new LegacyFormatError(source, `the date ${doc.date.date} ${doc.date.time} does not exist`);
  const legacyKey = doc.legacyId ? `id:${doc.legacyId}` : `file:${source.replace(/\.[^.]+$/, '')}`;
  const { item, created } = await services.news.upsertImported({
    lang,
    title: doc.title,
    body: docFromParagraphs(doc.paragraphs),
    status: 'published',
    channelId: (await services.taxonomy.channelBySlug('news'))?.id ?? null,
    publishedAt: publishedAt ?? null,
    legacyKey,
    legacyId: doc.legacyId,
    legacyUrl: doc.legacyUrl,
    legacySource: source,
    legacyPrevTitle: doc.previous,
    legacyNextTitle: doc.next,
  });
  const oldPath = doc.legacyUrl ? legacyPath(doc.legacyUrl) : undefined;
  if (oldPath) {
    await services.redirects.upsert(
      { fromPath: oldPath, toPath: urls.article(lang, item.slug), statusCode: 301 },
      services.clock.now().toISOString(),
    );
  }
  return {
    counts: { created: created ? 1 : 0, updated: created ? 0 : 1 },
    notes: doc.date ? [] : [`article "${doc.title}" has no publication date`],
  };
}

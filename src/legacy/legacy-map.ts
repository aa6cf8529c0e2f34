// `beiguan import --legacy-map map.csv`: the old site's addresses and the files exported from them.
// Every row and every file is checked first; then the whole map is written in one transaction, so a
// bad row leaves the store as it was. Each old address answers 301 to what its file became.
import fs from 'node:fs/promises';
import path from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import { inTransaction } from '../app/services.js';
import type { Store } from '../db/index.js';
import { addressKey, legacyPath } from '../redirects/index.js';
import { beijingLocalToIso, type Clock } from '../shared/clock.js';
import { guessLang } from '../shared/text.js';
import { decodeLegacyBytes } from './decode.js';
import {
  applyDocument,
  docText,
  fileKeyOf,
  missingNeighbours,
  readLegacyFile,
  totalled,
  type FileOutcome,
  importedArticle,
  type ImportedArticle,
  type ImportJob,
  type ImportOptions,
  type ImportReport,
} from './importer.js';
import { LegacyFormatError, type LegacyDocument } from './legacy.types.js';

/** The map's columns, in any order; any other column is refused (a typo would otherwise be ignored). */
export const MAP_COLUMNS = ['legacy_url', 'file'] as const;
const MAX_MAP_BYTES = 16 * 1024 * 1024;

/** A dated article of the old site, and any other page it had (/Html/Institutions.html…). */
const ARTICLE_ADDRESS = /^\/Html\/Article\/(\d{4})(\d{2})(\d{2})\/(\d+)\.s?html?$/i;
const OLD_SITE_PAGE = /^\/Html\/(?:[^/]+\/)*[^/]+\.s?html?$/i;

/** The map is refused: every problem found, each naming the map's file and line. */
export class LegacyMapError extends Error {
  override name = 'LegacyMapError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export interface MapRow {
  /** 1-based line of the map the row starts on. */
  line: number;
  /** The old address as the map gives it, and its path. */
  legacyUrl: string;
  oldPath: string;
  /** The file as the map names it, and resolved against the map's folder. */
  fileAsWritten: string;
  file: string;
  /** For a dated article's address: its day (Beijing) and old id. */
  article?: { date: string; id: string };
}

const lineBreaks = (s: string) => s.match(/\r\n|\r|\n/g)?.length ?? 0;

/** Reads and checks the map and its rows (not yet the files' contents); throws LegacyMapError. */
export async function readLegacyMap(mapFile: string): Promise<MapRow[]> {
  const at = (line: number | undefined, what: string) => `${mapFile}${line ? `:${line}` : ''}: ${what}`;
  let text: string;
  try {
    const stat = await fs.stat(mapFile);
    if (!stat.isFile()) throw new LegacyMapError([at(undefined, 'is not a regular file')]);
    if (stat.size > MAX_MAP_BYTES) throw new LegacyMapError([at(undefined, `the map is larger than ${MAX_MAP_BYTES} bytes`)]);
    text = decodeLegacyBytes(await fs.readFile(mapFile), mapFile);
  } catch (e) {
    if (e instanceof LegacyMapError) throw e;
    if (e instanceof LegacyFormatError) throw new LegacyMapError([at(undefined, e.reason)]);
    throw new LegacyMapError([at(undefined, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)]);
  }

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    if (e instanceof CsvError) throw new LegacyMapError([at(typeof e.lines === 'number' ? e.lines : undefined, e.message.replace(/ (?:on|at) line \d+$/, ''))]);
    throw e;
  }
  const [header, ...body] = records;
  if (!header) throw new LegacyMapError([at(undefined, `the map is empty: it needs the header ${MAP_COLUMNS.join(',')} and a row per address`)]);
  const names = header.record.map((n) => n.toLowerCase());
  const unknown = names.filter((n) => !(MAP_COLUMNS as readonly string[]).includes(n));
  const missing = MAP_COLUMNS.filter((c) => !names.includes(c));
  if (unknown.length || missing.length || names.length !== MAP_COLUMNS.length)
    throw new LegacyMapError([at(header.info.lines, `the header must be ${MAP_COLUMNS.join(',')} (in either order), not "${header.record.join(',')}"`)]);
  if (body.length === 0) throw new LegacyMapError([at(undefined, 'the map has a header but no rows')]);

  const problems: string[] = [];
  const rows: MapRow[] = [];
  const byAddress = new Map<string, MapRow>();
  for (const { record, info } of body) {
    const value = (c: (typeof MAP_COLUMNS)[number]) => record[names.indexOf(c)] ?? '';
    const [legacyUrl, fileAsWritten] = [value('legacy_url'), value('file')];
    const line = info.lines - lineBreaks(legacyUrl) - lineBreaks(fileAsWritten);
    const problem = (what: string) => problems.push(at(line, what));
    if (legacyUrl === '') {
      problem('legacy_url is empty');
      continue;
    }
    const oldPath = legacyUrl.startsWith('/') || /^https?:\/\//i.test(legacyUrl) ? legacyPath(legacyUrl) : undefined;
    if (!oldPath || lineBreaks(legacyUrl) > 0 || !OLD_SITE_PAGE.test(oldPath)) {
      problem(`"${legacyUrl}" is not an address of the old site (/Html/Article/YYYYMMDD/ID.html, or another /Html/….html page)`);
      continue;
    }
    let article: MapRow['article'];
    if (/^\/Html\/Article\//i.test(oldPath)) {
      const m = ARTICLE_ADDRESS.exec(oldPath);
      const date = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
      if (!m || !beijingLocalToIso(date)) {
        problem(`"${legacyUrl}" is not an article address of the old site: /Html/Article/YYYYMMDD/ID.html, with a date that exists`);
        continue;
      }
      article = { date, id: m[4]! };
    }
    if (fileAsWritten === '') {
      problem('file is empty');
      continue;
    }
    const file = path.resolve(path.dirname(mapFile), fileAsWritten);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat) {
      problem(`file "${fileAsWritten}" not found`);
      continue;
    }
    if (!stat.isFile()) {
      problem(`file "${fileAsWritten}" is not a regular file`);
      continue;
    }
    const row: MapRow = { line, legacyUrl, oldPath, fileAsWritten, file, ...(article ? { article } : {}) };
    const key = addressKey(oldPath)!;
    const earlier = byAddress.get(key);
    if (earlier && earlier.file !== file) problem(`${oldPath} is mapped to "${fileAsWritten}" here and to "${earlier.fileAsWritten}" on line ${earlier.line}`);
    else if (!earlier) {
      byAddress.set(key, row);
      rows.push(row);
    }
  }
  if (problems.length) throw new LegacyMapError(problems);
  return rows;
}

interface MappedFile {
  file: string;
  rows: MapRow[];
  doc: LegacyDocument;
}

/** Each file once, with the rows that name it; the rows' dates and ids fill what the file lacks. */
async function readMappedFiles(mapFile: string, rows: MapRow[]): Promise<MappedFile[]> {
  const byFile = new Map<string, MapRow[]>();
  for (const row of rows) byFile.set(row.file, [...(byFile.get(row.file) ?? []), row]);
  const owner = new Map(rows.map((r) => [addressKey(r.oldPath)!, r]));
  const problems: string[] = [];
  const files: MappedFile[] = [];
  for (const [file, fileRows] of byFile) {
    const first = fileRows[0]!;
    const at = (row: MapRow, what: string) => problems.push(`${mapFile}:${row.line}: ${what}`);
    let doc: LegacyDocument;
    try {
      doc = await readLegacyFile(file);
    } catch (e) {
      if (!(e instanceof LegacyFormatError)) throw e;
      at(first, `${first.fileAsWritten}: ${e.line ? `line ${e.line}: ` : ''}${e.reason}`);
      continue;
    }
    const articleRows = fileRows.filter((r) => r.article);
    if (doc.kind === 'directory') {
      for (const r of articleRows) at(r, `${r.legacyUrl} is an article's address, but "${r.fileAsWritten}" is a directory`);
      files.push({ file, rows: fileRows, doc });
      continue;
    }
    // The file's own address must not be one the map gives to another file.
    const own = doc.legacyUrl ? legacyPath(doc.legacyUrl) : undefined;
    const taken = own ? owner.get(addressKey(own) ?? '') : undefined;
    if (taken && taken.file !== file) at(first, `"${first.fileAsWritten}" names ${own} as its address, which line ${taken.line} maps to "${taken.fileAsWritten}"`);
    if (doc.date === null) {
      // The old site put the day in the address; the page itself may not show it.
      const days = [...new Set(articleRows.map((r) => r.article!.date))];
      if (days.length > 1) at(first, `"${first.fileAsWritten}" has no date, and its addresses give different days (lines ${articleRows.map((r) => r.line).join(', ')})`);
      else if (days.length === 1) doc = { ...doc, date: { date: days[0]!, time: '00:00' } };
    }
    if (doc.legacyUrl === null && articleRows.length) doc = { ...doc, legacyUrl: articleRows[0]!.legacyUrl, legacyId: articleRows[0]!.article!.id };
    files.push({ file, rows: fileRows, doc });
  }
  if (problems.length) throw new LegacyMapError(problems);
  return files;
}

/**
 * Imports every file the map names and redirects every old address to its file's new page, all in
 * one transaction. Throws LegacyMapError (nothing written) when a row or a file is wrong.
 */
export async function importLegacyMap(store: Store, clock: Clock, mapFile: string, options: ImportOptions = {}): Promise<ImportReport> {
  const files = await readMappedFiles(mapFile, await readLegacyMap(mapFile));
  const keysThisRun = new Set<string>();
  const jobs = files.map((f): ImportJob & { mapped: MappedFile } => ({
    mapped: f,
    doc: f.doc,
    lang: options.lang ?? guessLang(docText(f.doc)),
    source: path.basename(f.file),
    fileKey: fileKeyOf(f.file, keysThisRun),
  }));
  let outcomes: { outcome: FileOutcome; notes: string[] }[];
  try {
    outcomes = await inTransaction(store, clock, async (services) => {
      const done: { outcome: FileOutcome; notes: string[] }[] = [];
      for (const job of jobs) {
        const applied = await applyDocument(services, job);
        const keys = new Set(applied.redirects);
        for (const row of job.mapped.rows) {
          const key = await services.redirects.fromLegacy(row.oldPath, applied.address);
          if (key) keys.add(key);
        }
        const outcome: FileOutcome = { file: job.mapped.rows[0]!.fileAsWritten, ok: true, kind: job.doc.kind, lang: job.lang, ...applied.counts, redirects: keys.size };
        done.push({ outcome, notes: applied.notes });
      }
      return done;
    });
  } catch (e) {
    if (e instanceof LegacyFormatError) throw new LegacyMapError([`${mapFile}: ${e.message}`]);
    throw new Error(`${mapFile}: could not be stored, nothing of the map was written: ${(e as Error).message}`, { cause: e });
  }
  const report: ImportReport = { files: [], created: 0, updated: 0, redirects: 0, failed: 0, needsEditor: [] };
  const imported: ImportedArticle[] = [];
  outcomes.forEach(({ outcome, notes }, i) => {
    const { doc, lang } = jobs[i]!;
    report.files.push(outcome);
    report.needsEditor.push(...notes.map((what) => ({ file: outcome.file, what })));
    if (doc.kind === 'article') imported.push(importedArticle(outcome.file, doc, lang));
  });
  report.needsEditor.push(...(await missingNeighbours(store, clock, imported)));
  return totalled(report);
}

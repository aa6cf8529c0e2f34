// `beiguan verify`: compares an exported folder with its signed manifest and names every file
// modified, added or removed; with restore, puts the exported bytes back from the store (a page is
// rendered again and written only if it comes out exactly as the manifest says).
import type { KeyObject } from 'node:crypto';
import { lstat, readdir, readFile, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { invalid } from '../shared/errors.js';
import type { Asset } from '../site/assets.js';
import type { SiteContext } from '../site/routes.js';
import { loadSiteState } from '../site/state.js';
import { fileAt, renderUrl } from './export.js';
import { NGINX_DIR, serverFiles } from './server-files.js';
import { keyId, MANIFEST_FILE, manifestSignatureValid, sha256, SIGNATURE_FILE, STATE_FILE, type ExportState, type Manifest } from './manifest.js';

export interface VerifyReport {
  dir: string;
  files: number;
  modified: string[];
  added: string[];
  removed: string[];
  /** With restore: files put back, and files that could not be (with why). */
  restored: string[];
  unrestorable: { file: string; why: string }[];
}

export const problems = (r: VerifyReport) => r.modified.length + r.added.length + r.removed.length;

async function listFiles(root: string): Promise<Map<string, 'file' | 'other'>> {
  const out = new Map<string, 'file' | 'other'>();
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      // The manifest cannot list itself; the exporter's record is not signed (see manifest.ts).
      if (rel === MANIFEST_FILE || rel === SIGNATURE_FILE || rel === STATE_FILE) continue;
      if (e.isDirectory()) await walk(full);
      // A link or a device where a file was is a modification too.
      else out.set(rel, e.isFile() ? 'file' : 'other');
    }
  };
  await walk(root);
  return out;
}

async function readManifest(dir: string, key: KeyObject): Promise<Manifest> {
  const json = await readFile(path.join(dir, MANIFEST_FILE)).catch(() => undefined);
  const signature = await readFile(path.join(dir, SIGNATURE_FILE), 'utf8').catch(() => undefined);
  if (!json || signature === undefined) throw invalid('EXPORT_MANIFEST_MISSING', `${dir}: has no ${MANIFEST_FILE} and ${SIGNATURE_FILE}; is it an export?`, { field: 'DIR' });
  if (!manifestSignatureValid(json, signature, key)) {
    const err = invalid('EXPORT_SIGNATURE_INVALID', `${path.join(dir, MANIFEST_FILE)}: the signature does not match (the manifest was changed, or signed with another key)`, { field: MANIFEST_FILE });
    throw err;
  }
  const manifest = JSON.parse(json.toString('utf8')) as Manifest;
  if (manifest.keyId !== keyId(key)) throw invalid('EXPORT_SIGNATURE_INVALID', `${dir}: signed with another key`, { field: MANIFEST_FILE });
  return manifest;
}

export interface RestoreFrom {
  ctx: SiteContext;
  assets: readonly Asset[];
}

export async function verifyExport(dirGiven: string, key: KeyObject, restoreFrom?: RestoreFrom): Promise<VerifyReport> {
  const dir = path.resolve(dirGiven);
  const st = await lstat(dir).catch(() => undefined);
  if (!st) throw invalid('EXPORT_DIR_MISSING', `${dir}: no such folder`, { field: 'DIR' });
  const manifest = await readManifest(dir, key);
  const present = await listFiles(dir);
  const report: VerifyReport = { dir, files: Object.keys(manifest.files).length, modified: [], added: [], removed: [], restored: [], unrestorable: [] };
  for (const [file, entry] of Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const kind = present.get(file);
    if (!kind) {
      report.removed.push(file);
      continue;
    }
    const bytes = kind === 'file' ? await readFile(path.join(dir, file)) : undefined;
    if (!bytes || bytes.length !== entry.size || sha256(bytes) !== entry.sha256) report.modified.push(file);
  }
  for (const file of [...present.keys()].sort()) if (!manifest.files[file]) report.added.push(file);
  if (restoreFrom && problems(report) > 0) await restore(dir, manifest, report, restoreFrom);
  return report;
}

async function restore(dir: string, manifest: Manifest, report: VerifyReport, given: RestoreFrom) {
  // The pages name the address they were exported for, whatever this configuration says.
  const from = { ...given, ctx: { ...given.ctx, baseUrl: manifest.baseUrl } };
  const exportState = JSON.parse(await readFile(path.join(dir, STATE_FILE), 'utf8').catch(() => '{"files":{}}')) as ExportState;
  const state = await loadSiteState(from.ctx.services);
  for (const file of report.added) {
    await rm(path.join(dir, file), { recursive: true, force: true });
    report.restored.push(file);
  }
  for (const file of [...report.modified, ...report.removed]) {
    const entry = manifest.files[file]!;
    const url = exportState.files[file]?.url;
    let bytes: Buffer | undefined;
    try {
      if (url) bytes = (await renderUrl(from.ctx, state, url)).body;
      else if (file.startsWith(`${NGINX_DIR}/`)) bytes = (await serverFiles(from.ctx.services, from.assets, from.ctx.baseUrl)).files.get(file);
      else bytes = await fileAt(from.ctx, from.assets, `/${file}`);
    } catch (e) {
      report.unrestorable.push({ file, why: `cannot render it: ${(e as Error).message}` });
      continue;
    }
    if (!bytes) {
      report.unrestorable.push({ file, why: 'the store no longer has it; export again' });
      continue;
    }
    if (sha256(bytes) !== entry.sha256) {
      report.unrestorable.push({ file, why: 'the store has changed since the export; export again to publish the current content' });
      continue;
    }
    const full = path.join(dir, file);
    await mkdir(path.dirname(full), { recursive: true });
    // Written beside and renamed over: a reader sees the old file or the right one, never none.
    const tmp = `${full}.restore-${process.pid}`;
    await writeFile(tmp, bytes);
    await rename(tmp, full).catch(async () => {
      // A folder where the file was cannot be renamed over.
      await rm(full, { recursive: true, force: true });
      await rename(tmp, full);
    });
    report.restored.push(file);
  }
}

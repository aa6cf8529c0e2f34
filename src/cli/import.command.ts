import { openApp, type OpenedApp } from '../app/app.js';
import { describeDb, loadDbTarget } from '../config/index.js';
import { importFiles, importLegacyMap, LegacyMapError, type ImportReport } from '../legacy/index.js';
import { invalid } from '../shared/errors.js';
import type { Lang } from '../shared/lang.js';

export function formatReport(r: ImportReport): { out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  for (const f of r.files) {
    if (f.ok) out.push(`  ok      ${f.file}: ${f.kind} (${f.lang}), ${f.created} created, ${f.updated} updated${f.redirects ? `, ${f.redirects} old address${f.redirects === 1 ? '' : 'es'} redirected` : ''}`);
    else err.push(`beiguan import: ${f.file}: ${f.error} (nothing of it was written)`);
  }
  if (r.needsEditor.length > 0) {
    out.push('', `Needs an editor (${r.needsEditor.length}):`);
    for (const n of r.needsEditor) out.push(`  - ${n.file}: ${n.what}`);
  }
  out.push('', `Summary: ${r.created} created, ${r.updated} updated, ${r.failed} failed, ${r.redirects} redirects, ${r.needsEditor.length} need an editor.`);
  return { out: `${out.join('\n')}\n`, err: err.length ? `${err.join('\n')}\n` : '' };
}

export async function importCommand(paths: string[], flags: { db?: string; lang?: Lang; legacyMap?: string }) {
  if (flags.legacyMap !== undefined && paths.length > 0) throw invalid('IMPORT_USAGE', 'give either files and folders or --legacy-map, not both: the map names its files');
  if (flags.legacyMap === undefined && paths.length === 0) throw invalid('IMPORT_USAGE', 'name the files or folders to import, or a map with --legacy-map');
  const db = loadDbTarget(flags.db);
  const opened = await openApp(db);
  try {
    process.stdout.write(`Importing into ${describeDb(db)}\n`);
    if (flags.legacyMap !== undefined) return await importMap(opened, flags.legacyMap, flags.lang);
    const report = await importFiles(opened.store, opened.clock, paths, { lang: flags.lang });
    const { out, err } = formatReport(report);
    process.stdout.write(out);
    process.stderr.write(err);
    if (report.failed > 0) process.exitCode = 2;
  } finally {
    await opened.close();
  }
}

/** The map is written whole or not at all: a bad row or file is reported (all of them) and exits 2. */
async function importMap(opened: OpenedApp, mapFile: string, lang: Lang | undefined) {
  try {
    const { out, err } = formatReport(await importLegacyMap(opened.store, opened.clock, mapFile, { lang }));
    process.stdout.write(out);
    process.stderr.write(err);
  } catch (e) {
    if (!(e instanceof LegacyMapError)) throw e;
    process.stderr.write(`${e.problems.map((p) => `beiguan import: ${p}`).join('\n')}\nbeiguan import: nothing of the map was written.\n`);
    process.exitCode = 2;
  }
}

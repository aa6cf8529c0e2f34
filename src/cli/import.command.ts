import { openApp } from '../app/app.js';
import { describeDb, loadDbTarget } from '../config/index.js';
import { importFiles, type ImportReport } from '../legacy/index.js';
import type { Lang } from '../shared/lang.js';

export function formatReport(r: ImportReport): { out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  for (const f of r.files) {
    if (f.ok) out.push(`  ok      ${f.file}: ${f.kind} (${f.lang}), ${f.created} created, ${f.updated} updated`);
    else err.push(`beiguan import: ${f.file}: ${f.error} (nothing of it was written)`);
  }
  if (r.needsEditor.length > 0) {
    out.push('', `Needs an editor (${r.needsEditor.length}):`);
    for (const n of r.needsEditor) out.push(`  - ${n.file}: ${n.what}`);
  }
  out.push('', `Summary: ${r.created} created, ${r.updated} updated, ${r.failed} failed, ${r.needsEditor.length} need an editor.`);
  return { out: `${out.join('\n')}\n`, err: err.length ? `${err.join('\n')}\n` : '' };
}

export async function importCommand(paths: string[], flags: { db?: string; lang?: Lang }) {
  const db = loadDbTarget(flags.db);
  const opened = await openApp(db);
  try {
    process.stdout.write(`Importing into ${describeDb(db)}\n`);
    const report = await importFiles(opened.store, opened.clock, paths, { lang: flags.lang });
    const { out, err } = formatReport(report);
    process.stdout.write(out);
    process.stderr.write(err);
    if (report.failed > 0) process.exitCode = 2;
  } finally {
    await opened.close();
  }
}

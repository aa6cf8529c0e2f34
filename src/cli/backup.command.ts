import { describeDb, loadDbTarget } from '../config/index.js';
import { backupStore, restoreStore } from '../db/index.js';

const rowsOf = (rows?: Record<string, number>) => (rows ? `, ${Object.values(rows).reduce((a, b) => a + b, 0)} rows in ${Object.keys(rows).length} tables` : '');

/** `backup FILE`: the whole store in one file, taken while the servers keep running. */
export async function backupCommand(file: string, flags: { db?: string }) {
  const db = loadDbTarget(flags.db);
  const summary = await backupStore(db, file);
  process.stdout.write(
    `Backed up ${describeDb(db)} to ${summary.file} (${summary.bytes} bytes${rowsOf(summary.rows)}, at migration ${summary.migrations.at(-1) ?? 'none'}).\n` +
      'Media files are not in it: copy the media folder too (see docs/backup.md).\n',
  );
}

/** `restore FILE`: replaces the store with a backup; a store with content only with --force. */
export async function restoreCommand(file: string, flags: { db?: string; force?: boolean }) {
  const db = loadDbTarget(flags.db);
  const summary = await restoreStore(db, file, { force: flags.force });
  const upgraded = summary.upgraded.length ? `; then applied ${summary.upgraded.join(', ')}` : '';
  process.stdout.write(`Restored ${file} into ${describeDb(db)} (made at migration ${summary.migrations.at(-1)}${rowsOf(summary.rows)}${upgraded}).\n`);
}

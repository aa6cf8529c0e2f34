// Backs a whole store up to one file, and restores one. SQLite: a copy of the database file made by
// SQLite's online backup while the server writes. PostgreSQL: Beiguan's own tables as gzip'd JSON
// lines read in one snapshot; a format of our own, so that no pg_dump of the server's version has
// to be installed beside the app, and a restore checks what it reads before it writes anything.
import fs from 'node:fs';
import path from 'node:path';
import { describeDb, type DbTarget } from '../config/index.js';
import { invalid } from '../shared/errors.js';
import { backupPostgres, readBackup, restorePostgres } from './backup-postgres.js';
import { backupSqlite, inspectSqliteBackup, restoreSqlite, sqliteSource } from './backup-sqlite.js';
import { badFile, renameDurably, type BackupOptions, type BackupSummary, type RestoreOptions, type RestoreSummary } from './backup-format.js';

export { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupOptions, type BackupSummary, type RestoreOptions, type RestoreSummary } from './backup-format.js';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0');

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

export async function backupStore(target: DbTarget, file: string, options: BackupOptions = {}): Promise<BackupSummary> {
  const out = path.resolve(file);
  if (!fs.existsSync(path.dirname(out))) throw invalid('BACKUP_FOLDER_MISSING', `${out}: the folder ${path.dirname(out)} does not exist`, { field: 'FILE' });
  // Written beside its final name and renamed when complete: a backup cut short never looks whole.
  const partial = `${out}.partial-${process.pid}`;
  try {
    const summary = target.kind === 'sqlite' ? await backupSqlite(target.path, partial) : await backupPostgres(target.url, partial, options);
    renameDurably(partial, out);
    return { ...summary, file: out, bytes: fs.statSync(out).size };
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
}

export async function restoreStore(target: DbTarget, file: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  // The file is checked whole before anything else: a damaged file is named as such, whatever the target.
  if (readKind(file) === 'sqlite') {
    const migrations = inspectSqliteBackup(file);
    if (target.kind === 'sqlite') return restoreSqlite(file, migrations, target.path, options);
    // From one machine to several: a SQLite store's rows go into PostgreSQL as they would from our own format.
    return restorePostgres(file, sqliteSource(file, migrations), target.url, options);
  }
  const header = await readBackup(file);
  if (target.kind === 'sqlite')
    throw invalid('BACKUP_STORE_MISMATCH', `${file} is a backup of a PostgreSQL store; it restores into PostgreSQL only, not into ${describeDb(target)}`, { field: '--db' });
  return restorePostgres(file, { header, rows: (onRows) => readBackup(file, onRows).then(() => undefined) }, target.url, options);
}

function readKind(file: string): 'sqlite' | 'postgres' {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(16);
      head = head.subarray(0, fs.readSync(fd, head, 0, 16, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    throw badFile(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (head.equals(SQLITE_MAGIC)) return 'sqlite';
  if (head.subarray(0, 2).equals(GZIP_MAGIC)) return 'postgres';
  throw badFile(file, 'is not a Beiguan backup (neither a SQLite database nor a gzip file)');
}

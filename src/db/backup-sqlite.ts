// SQLite backups: the database file copied by SQLite's online backup, checked, renamed into place;
// and a SQLite backup read as rows, for a move to PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { invalid } from '../shared/errors.js';
import { badFile, checkMigrations, dependencyOrder, quote, migratedTables, renameDurably, type BackupSummary, type RestoreOptions, type RestoreSummary, type RowSource } from './backup-format.js';
import { migrateToLatest, openStore } from './database.js';

export async function backupSqlite(source: string, partial: string): Promise<Omit<BackupSummary, 'file' | 'bytes'>> {
  if (!fs.existsSync(source)) throw invalid('BACKUP_SOURCE_MISSING', `the store ${source} does not exist`, { field: '--db' });
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // All remaining pages in one step after the first: one read snapshot, which in WAL mode does not
    // stop the writers, and no restart for every write made between small steps.
    await db.backup(partial, { progress: () => 1_000_000_000 });
  } finally {
    db.close();
  }
  const copy = new SQLite(partial, { fileMustExist: true });
  try {
    // One self-contained file: no -wal or -shm beside it when it is opened later.
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy of ${source} fails its integrity check: ${String(check)}`);
    const applied = sqliteMigrations(copy);
    if (!applied) throw invalid('BACKUP_SOURCE_MISSING', `${source} is not a Beiguan store`, { field: '--db' });
    return { migrations: applied };
  } finally {
    copy.close();
  }
}

/** The migrations a SQLite database has, or undefined when it is not a Beiguan store. */
export function sqliteMigrations(db: SQLite.Database): string[] | undefined {
  const has = db.prepare(`select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'`).get();
  if (!has) return undefined;
  return (db.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((r) => r.name);
}

/** The migrations of a SQLite backup, which must be a sound Beiguan store this program can read. */
export function inspectSqliteBackup(file: string): string[] {
  let applied: string[] | undefined;
  try {
    const db = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      const check = db.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw badFile(file, `fails SQLite's integrity check: ${String(check)}`);
      applied = sqliteMigrations(db);
    } finally {
      db.close();
    }
  } catch (e) {
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('SQLITE_')) throw badFile(file, `cannot be read as a SQLite database (${e.message})`);
    throw e;
  }
  if (!applied?.length) throw badFile(file, 'is a SQLite database but not a Beiguan store');
  checkMigrations(file, applied);
  return applied;
}

export async function restoreSqlite(file: string, applied: string[], targetPath: string, { force }: RestoreOptions): Promise<RestoreSummary> {
  if (!force && (await sqliteHasContent(targetPath)))
    throw invalid('RESTORE_TARGET_NOT_EMPTY', `the store ${targetPath} has content; restoring would replace it: stop the server, then run again with --force`, { field: '--force' });

  fs.mkdirSync(path.dirname(targetPath), { recursive: true });
  const staged = `${targetPath}.restoring-${process.pid}`;
  try {
    fs.copyFileSync(file, staged);
    // Brought up to date before it takes the target's place, so that the place never holds an old schema.
    const store = await openStore({ kind: 'sqlite', path: staged });
    let upgraded: string[];
    try {
      upgraded = ((await migrateToLatest(store)).results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    } finally {
      await store.close();
    }
    if (fs.existsSync(targetPath)) {
      // What the target's log holds goes into its file first, so that no log is left to apply to the new one.
      const old = new SQLite(targetPath, { fileMustExist: true });
      old.pragma('wal_checkpoint(TRUNCATE)');
      old.close();
    }
    for (const side of ['-wal', '-shm']) fs.rmSync(targetPath + side, { force: true });
    renameDurably(staged, targetPath);
    return { migrations: applied, upgraded };
  } finally {
    for (const side of ['', '-wal', '-shm']) fs.rmSync(staged + side, { force: true });
  }
}

export async function sqliteHasContent(file: string): Promise<boolean> {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return false;
  const skip = (await migratedTables()).seeded;
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    if (!db.prepare(`select 1 from sqlite_master where name = 'sqlite_sequence'`).get()) return false;
    const numbered = (db.prepare('select name from sqlite_sequence').all() as { name: string }[]).map((t) => t.name);
    return numbered.some((t) => !skip.has(t) && db.prepare(`select 1 from ${quote(t)} limit 1`).get());
  } finally {
    db.close();
  }
}

/**
 * A SQLite store read as a backup of our own format, each value as PostgreSQL's text for it.
 * SQLite's full-text tables are left out: PostgreSQL indexes the same search documents itself.
 */
export function sqliteSource(file: string, migrations: string[]): RowSource {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const all = db.prepare(`select name, sql from sqlite_master where type = 'table'`).all() as { name: string; sql: string | null }[];
    const virtual = all.filter((t) => /^create virtual table/i.test(t.sql ?? '')).map((t) => t.name);
    const names = all
      .map((t) => t.name)
      .filter((n) => !n.startsWith('sqlite_') && !n.startsWith('kysely_') && !virtual.some((v) => n === v || n.startsWith(`${v}_`)));
    const refs = names.flatMap((child) => (db.prepare(`select "table" as parent from pragma_foreign_key_list(?)`).all(child) as { parent: string }[]).map(({ parent }) => ({ child, parent })));
    const tables = dependencyOrder(names, refs).map((name) => ({
      name,
      columns: (db.prepare('select name from pragma_table_info(?) order by cid').all(name) as { name: string }[]).map((c) => c.name),
      rows: (db.prepare(`select count(*) as n from ${quote(name)}`).get() as { n: number }).n,
    }));
    return {
      header: { migrations, tables },
      async rows(onRows) {
        const source = new SQLite(file, { readonly: true, fileMustExist: true });
        try {
          for (const t of tables) {
            const select = source.prepare(`select ${t.columns.map(quote).join(', ')} from ${quote(t.name)}`).raw(true).safeIntegers(true);
            let batch: unknown[][] = [];
            for (const row of select.iterate() as Iterable<unknown[]>) {
              batch.push(row.map(pgText));
              if (batch.length >= Math.max(1, Math.floor(30_000 / t.columns.length))) {
                await onRows(t, batch);
                batch = [];
              }
            }
            if (batch.length) await onRows(t, batch);
          }
        } finally {
          source.close();
        }
      },
    };
  } finally {
    db.close();
  }
}

/** A SQLite value as text PostgreSQL reads back to the same value (integers exact, blobs as hex). */
const pgText = (v: unknown): string | null => (v === null ? null : Buffer.isBuffer(v) ? `\\x${v.toString('hex')}` : String(v));

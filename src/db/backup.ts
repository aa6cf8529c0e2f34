// Backs a whole store up to one file, and restores one. SQLite: a copy of the database file made by
// SQLite's online backup while the server writes. PostgreSQL: Beiguan's own tables as gzip'd JSON
// lines read in one snapshot; a format of our own, so that no pg_dump of the server's version has
// to be installed beside the app, and a restore checks what it reads before it writes anything.
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type pg from 'pg';
import { describeDb, type DbTarget } from '../config/index.js';
import { invalid } from '../shared/errors.js';
import { migrationStatus, migrateStoreTo, migrateToLatest, openStore } from './database.js';
import { migrations } from './migrations/index.js';

export const BACKUP_FORMAT = 'beiguan-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupOptions {
  /** PostgreSQL: the schema the store lives in, when not the default search path (tests). */
  pgSchema?: string;
}

export interface BackupSummary {
  file: string;
  migrations: string[];
  /** Rows per table (PostgreSQL); SQLite copies pages, and counts none. */
  rows?: Record<string, number>;
  bytes: number;
}

/** Header line of a PostgreSQL backup. */
interface Header {
  format: typeof BACKUP_FORMAT;
  version: number;
  store: 'postgres';
  createdAt: string;
  migrations: string[];
  tables: { name: string; columns: string[]; rows: number }[];
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0');
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const KNOWN_MIGRATIONS = Object.keys(migrations).sort();

const badFile = (file: string, why: string, cause?: unknown) =>
  invalid('BACKUP_FILE_INVALID', `${file}: ${why}`, { field: 'FILE', ...(cause ? { cause: String(cause) } : {}) });

export async function backupStore(target: DbTarget, file: string, options: BackupOptions = {}): Promise<BackupSummary> {
  const out = path.resolve(file);
  if (!fs.existsSync(path.dirname(out))) throw invalid('BACKUP_FOLDER_MISSING', `${out}: the folder ${path.dirname(out)} does not exist`, { field: 'FILE' });
  // Written beside its final name and renamed when complete: a backup cut short never looks whole.
  const partial = `${out}.partial-${process.pid}`;
  try {
    const summary = target.kind === 'sqlite' ? await backupSqlite(target.path, partial) : await backupPostgres(target.url, partial, options);
    syncFile(partial);
    fs.renameSync(partial, out);
    return { ...summary, file: out, bytes: fs.statSync(out).size };
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
}

async function backupSqlite(source: string, partial: string): Promise<Omit<BackupSummary, 'file' | 'bytes'>> {
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

async function pgClient(url: string, pgSchema?: string): Promise<pg.Client> {
  const { default: pgLib } = await import('pg');
  // Every value as PostgreSQL prints it: text that it reads back to the same value (timestamps to
  // the microsecond, bytea as hex, numbers beyond 2^53), where JavaScript types would round.
  const client = new pgLib.Client({
    connectionString: url,
    types: { getTypeParser: () => (value: string) => value },
    ...(pgSchema ? { options: `-c search_path=${pgSchema}` } : {}),
  });
  await client.connect();
  return client;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Beiguan's tables in the current schema, each after the tables its rows refer to. */
async function pgTables(client: pg.Client): Promise<{ name: string; columns: string[] }[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely\\_migration%'`,
  );
  const { rows: refs } = await client.query<{ child: string; parent: string }>(
    `select ch.relname as child, pa.relname as parent from pg_constraint c
       join pg_class ch on ch.oid = c.conrelid join pg_class pa on pa.oid = c.confrelid
      where c.contype = 'f' and c.connamespace = current_schema()::regnamespace`,
  );
  const { rows: columns } = await client.query<{ table: string; column: string }>(
    `select table_name as table, column_name as column from information_schema.columns
      where table_schema = current_schema() and is_generated = 'NEVER' order by table_name, ordinal_position`,
  );
  return dependencyOrder(tables.map((t) => t.name), refs).map((name) => ({
    name,
    columns: columns.filter((c) => c.table === name).map((c) => c.column),
  }));
}

/** Parents before children (Kahn's algorithm, by name among equals, so that the order is stable). */
function dependencyOrder(names: string[], refs: { child: string; parent: string }[]): string[] {
  const waiting = new Map(names.map((n) => [n, new Set(refs.filter((r) => r.child === n && r.parent !== n && names.includes(r.parent)).map((r) => r.parent))]));
  const order: string[] = [];
  while (waiting.size) {
    const ready = [...waiting].filter(([, parents]) => parents.size === 0).map(([n]) => n).sort();
    if (!ready.length) throw new Error(`the tables ${[...waiting.keys()].join(', ')} refer to each other in a cycle`);
    for (const n of ready) {
      order.push(n);
      waiting.delete(n);
      for (const parents of waiting.values()) parents.delete(n);
    }
  }
  return order;
}

async function backupPostgres(url: string, partial: string, { pgSchema }: BackupOptions): Promise<Omit<BackupSummary, 'file' | 'bytes'>> {
  const client = await pgClient(url, pgSchema);
  const gzip = createGzip();
  const out = fs.createWriteStream(partial);
  gzip.pipe(out);
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, 'drain');
  };
  try {
    // One snapshot for the whole file: what was committed before it began, and nothing after.
    await client.query('begin isolation level repeatable read read only');
    const tables = await pgTables(client);
    const migrationsApplied = (await client.query<{ name: string }>('select name from kysely_migration order by name')).rows.map((r) => r.name);
    const counted = [];
    for (const t of tables) {
      const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${quote(t.name)}`);
      counted.push({ ...t, rows: Number(rows[0]!.n) });
    }
    const header: Header = { format: BACKUP_FORMAT, version: BACKUP_FORMAT_VERSION, store: 'postgres', createdAt: new Date().toISOString(), migrations: migrationsApplied, tables: counted };
    await write(header);
    let total = 0;
    for (const t of counted) {
      // A cursor keeps memory flat however large the table.
      await client.query(`declare rows_out no scroll cursor for select ${t.columns.map(quote).join(', ')} from ${quote(t.name)}`);
      for (;;) {
        const { rows } = await client.query<Record<string, string | null>>({ text: 'fetch 1000 from rows_out', rowMode: 'array' } as pg.QueryConfig);
        for (const row of rows) await write(row);
        total += rows.length;
        if (rows.length < 1000) break;
      }
      await client.query('close rows_out');
    }
    await write({ end: true, rows: total });
    await client.query('commit');
    gzip.end();
    await finished(out);
    return { migrations: migrationsApplied, rows: Object.fromEntries(counted.map((t) => [t.name, t.rows])) };
  } catch (e) {
    gzip.destroy();
    out.destroy();
    throw e;
  } finally {
    await client.end();
  }
}

function syncFile(file: string) {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The migrations a SQLite database has, or undefined when it is not a Beiguan store. */
function sqliteMigrations(db: SQLite.Database): string[] | undefined {
  const has = db.prepare(`select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'`).get();
  if (!has) return undefined;
  return (db.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((r) => r.name);
}

/** The backup's migrations must be this program's, in order: a newer program's backup cannot be read. */
function checkMigrations(file: string, applied: string[]) {
  const unknown = applied.filter((m) => !KNOWN_MIGRATIONS.includes(m));
  if (unknown.length)
    throw invalid('BACKUP_SCHEMA_NEWER', `${file} was made by a newer version of Beiguan (migrations ${unknown.join(', ')}); restore it with that version`, { field: 'FILE' });
  if (applied.some((m, i) => KNOWN_MIGRATIONS[i] !== m)) throw badFile(file, `its migrations (${applied.join(', ')}) are not a sequence this program knows`);
}

export interface RestoreOptions extends BackupOptions {
  /** Replace a store that has content. */
  force?: boolean;
}

export interface RestoreSummary {
  /** Migrations the backup had. */
  migrations: string[];
  /** Migrations applied after the restore, because the backup was older than this program. */
  upgraded: string[];
  rows?: Record<string, number>;
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

type OnRows = (table: Header['tables'][number], rows: unknown[][]) => Promise<void>;

/** What a PostgreSQL restore reads: the tables and their counts, then their rows, parents first. */
interface RowSource {
  header: Pick<Header, 'migrations' | 'tables'>;
  rows(onRows: OnRows): Promise<void>;
}

/**
 * A SQLite store read as a backup of our own format, each value as PostgreSQL's text for it.
 * SQLite's full-text tables are left out: PostgreSQL indexes the same search documents itself.
 */
function sqliteSource(file: string, migrations: string[]): RowSource {
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

/** The migrations of a SQLite backup, which must be a sound Beiguan store this program can read. */
function inspectSqliteBackup(file: string): string[] {
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

async function restoreSqlite(file: string, applied: string[], targetPath: string, { force }: RestoreOptions): Promise<RestoreSummary> {
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
    syncFile(staged);
    if (fs.existsSync(targetPath)) {
      // What the target's log holds goes into its file first, so that no log is left to apply to the new one.
      const old = new SQLite(targetPath, { fileMustExist: true });
      old.pragma('wal_checkpoint(TRUNCATE)');
      old.close();
    }
    for (const side of ['-wal', '-shm']) fs.rmSync(targetPath + side, { force: true });
    fs.renameSync(staged, targetPath);
    return { migrations: applied, upgraded };
  } finally {
    for (const side of ['', '-wal', '-shm']) fs.rmSync(staged + side, { force: true });
  }
}

/**
 * Content is a row in a table whose rows are numbered (articles, accounts, the audit log…), other
 * than the tables the migrations fill (the news channel): learnt by migrating a store in memory,
 * so that no list goes stale. Other tables hold settings or what is derived from content.
 */
let seeded: Promise<Set<string>> | undefined;
function seededTables(): Promise<Set<string>> {
  seeded ??= (async () => {
    const store = await openStore({ kind: 'sqlite', path: ':memory:' });
    try {
      await migrateToLatest(store);
      const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(store.db);
      const filled = new Set<string>();
      for (const { name } of rows) if ((await sql`select 1 from ${sql.table(name)} limit 1`.execute(store.db)).rows.length) filled.add(name);
      return filled;
    } finally {
      await store.close();
    }
  })();
  return seeded;
}

async function sqliteHasContent(file: string): Promise<boolean> {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return false;
  const skip = await seededTables();
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    if (!db.prepare(`select 1 from sqlite_master where name = 'sqlite_sequence'`).get()) return false;
    const numbered = (db.prepare('select name from sqlite_sequence').all() as { name: string }[]).map((t) => t.name);
    return numbered.some((t) => !skip.has(t) && db.prepare(`select 1 from ${quote(t)} limit 1`).get());
  } finally {
    db.close();
  }
}

/** Reads a PostgreSQL backup through, checking every line, and hands each table's rows to `onRows`. */
async function readBackup(file: string, onRows?: OnRows): Promise<Header> {
  const gunzip = createGunzip();
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(gunzip), crlfDelay: Infinity });
  const failed = new Promise<never>((_, reject) => gunzip.once('error', reject));
  failed.catch(() => undefined);
  let header: Header | undefined;
  let ended = false;
  let table = 0;
  let seen = 0;
  let batch: unknown[][] = [];
  let total = 0;
  let stopped = false;
  const flush = async () => {
    if (stopped) throw badFile(file, 'could not be read to its end');
    if (batch.length && onRows) await onRows(header!.tables[table]!, batch);
    batch = [];
  };
  try {
    const read = (async () => {
      let n = 0;
      for await (const line of lines) {
        n++;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          throw badFile(file, `line ${n} is not JSON`);
        }
        if (!header) {
          header = checkHeader(file, value);
          continue;
        }
        if (ended) throw badFile(file, `line ${n} follows the end mark`);
        while (table < header.tables.length && seen === header.tables[table]!.rows) {
          await flush();
          table++;
          seen = 0;
        }
        if (!Array.isArray(value)) {
          const end = value as { end?: unknown; rows?: unknown };
          if (end?.end !== true || table !== header.tables.length || end.rows !== total) throw badFile(file, `line ${n} is not a row where one was expected`);
          ended = true;
          continue;
        }
        const t = header.tables[table];
        if (!t) throw badFile(file, `line ${n}: more rows than the header counts`);
        if (value.length !== t.columns.length || !value.every((v) => v === null || typeof v === 'string'))
          throw badFile(file, `line ${n}: a row of ${t.name} does not have its ${t.columns.length} columns`);
        batch.push(value);
        seen++;
        total++;
        if (batch.length >= Math.max(1, Math.floor(30_000 / t.columns.length))) await flush();
      }
    })();
    read.catch(() => undefined);
    await Promise.race([read, failed]);
  } catch (e) {
    stopped = true;
    if ((e as { code?: string }).code === 'BACKUP_FILE_INVALID') throw e;
    if ((e as NodeJS.ErrnoException).code?.startsWith('Z_')) throw badFile(file, `is damaged or cut short (${(e as Error).message})`);
    throw e;
  } finally {
    lines.close();
  }
  if (!header) throw badFile(file, 'is empty');
  if (!ended) throw badFile(file, 'is cut short: it lacks its end mark');
  return header;
}

function checkHeader(file: string, value: unknown): Header {
  const h = value as Partial<Header> | null;
  if (h?.format !== BACKUP_FORMAT) throw badFile(file, 'is not a Beiguan backup (its first line is not a Beiguan header)');
  if (typeof h.version !== 'number' || h.version > BACKUP_FORMAT_VERSION)
    throw badFile(file, `is in backup format ${String(h.version)}, which this version of Beiguan cannot read (it reads ${BACKUP_FORMAT_VERSION})`);
  const wellFormed =
    Array.isArray(h.migrations) &&
    h.migrations.every((m) => typeof m === 'string') &&
    Array.isArray(h.tables) &&
    h.tables.every((t) => typeof t?.name === 'string' && Array.isArray(t.columns) && t.columns.every((c) => typeof c === 'string') && Number.isInteger(t.rows) && t.rows >= 0);
  if (!wellFormed) throw badFile(file, 'has a damaged header');
  checkMigrations(file, h.migrations!);
  return h as Header;
}

/** `source` comes from reading the file through once: a damaged file has been refused already. */
async function restorePostgres(file: string, { header, rows: readRows }: RowSource, url: string, { force, pgSchema }: RestoreOptions): Promise<RestoreSummary> {
  const last = header.migrations.at(-1);
  if (!last) throw badFile(file, 'records no migrations');

  const opened = await openStore({ kind: 'postgres', url }, { pgSchema, poolSize: 2 });
  const client = await pgClient(url, pgSchema);
  try {
    // The migrator is told the schema: without it, it may take another schema's bookkeeping for ours.
    const store = { db: opened.db, schema: (await client.query<{ s: string }>('select current_schema() as s')).rows[0]!.s };
    const { applied } = await migrationStatus(store);
    const content = applied.length > 0 && (await pgHasContent(client));
    if (content && !force)
      throw invalid('RESTORE_TARGET_NOT_EMPTY', `the store ${describeDb({ kind: 'postgres', url })} has content; restoring would replace it: stop the servers, then run again with --force`, { field: '--force' });
    const newer = applied.filter((m) => !header.migrations.includes(m));
    if (newer.length && content)
      throw invalid('RESTORE_TARGET_NEWER', `the store has migrations the backup has not (${newer.join(', ')}): restore into an empty database; it is brought up to date afterwards`, { field: '--db' });
    // The rows fit the schema they were read from; an empty store is brought to it (down too), and up after.
    await migrateStoreTo(store, last);

    const tables = await pgTables(client);
    const byName = new Map(tables.map((t) => [t.name, t]));
    for (const t of header.tables) {
      const here = byName.get(t.name);
      if (!here || t.columns.some((c) => !here.columns.includes(c))) throw badFile(file, `its table ${t.name} does not match the schema of migration ${last}`);
    }
    await client.query('begin');
    try {
      await client.query(`truncate ${tables.map((t) => quote(t.name)).join(', ')} restart identity cascade`);
      // The rows come back as they were: no trigger may count them again (the site's change counter).
      for (const t of tables) await client.query(`alter table ${quote(t.name)} disable trigger user`);
      await readRows(async (t, batch) => {
        const params = batch.flat();
        const width = t.columns.length;
        const values = batch.map((_, r) => `(${t.columns.map((__, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ');
        await client.query(`insert into ${quote(t.name)} (${t.columns.map(quote).join(', ')}) values ${values}`, params);
      });
      await resetSequences(client);
      for (const t of tables) await client.query(`alter table ${quote(t.name)} enable trigger user`);
      await client.query('commit');
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    }
    const upgraded = ((await migrateToLatest(store)).results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    return { migrations: header.migrations, upgraded, rows: Object.fromEntries(header.tables.map((t) => [t.name, t.rows])) };
  } finally {
    await client.end();
    await opened.close();
  }
}

/** Columns numbered by a sequence, with their tables. */
async function pgSequences(client: pg.Client) {
  const { rows } = await client.query<{ table: string; column: string; sequence: string }>(
    `select table_name as table, column_name as column, pg_get_serial_sequence(quote_ident(table_name), column_name) as sequence
       from information_schema.columns where table_schema = current_schema() and table_name not like 'kysely\\_migration%'
        and pg_get_serial_sequence(quote_ident(table_name), column_name) is not null`,
  );
  return rows;
}

async function pgHasContent(client: pg.Client): Promise<boolean> {
  const skip = await seededTables();
  for (const { table } of await pgSequences(client)) {
    if (!skip.has(table) && (await client.query(`select 1 from ${quote(table)} limit 1`)).rowCount) return true;
  }
  return false;
}

/** The next number each sequence gives is past the highest restored. */
async function resetSequences(client: pg.Client) {
  for (const s of await pgSequences(client)) {
    await client.query(`select setval($1, coalesce((select max(${quote(s.column)}) from ${quote(s.table)}), 0) + 1, false)`, [s.sequence]);
  }
}

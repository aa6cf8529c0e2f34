// PostgreSQL backups: Beiguan's tables as gzip'd JSON lines read in one snapshot, and restored in
// one transaction after the whole file has been checked.
import { once } from 'node:events';
import fs from 'node:fs';
import readline from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { describeDb } from '../config/index.js';
import { invalid } from '../shared/errors.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  badFile,
  checkMigrations,
  dependencyOrder,
  quote,
  migratedTables,
  type BackupOptions,
  type BackupSummary,
  type Header,
  type OnRows,
  type RestoreOptions,
  type RestoreSummary,
  type RowSource,
} from './backup-format.js';
import { migrationStatus, migrateStoreTo, migrateToLatest, openStore } from './database.js';

export async function pgClient(url: string, pgSchema?: string): Promise<pg.Client> {
  const { default: pgLib } = await import('pg');
  // Every value as PostgreSQL prints it: text that it reads back to the same value (timestamps to
  // the microsecond, bytea as hex, numbers beyond 2^53), where JavaScript types would round.
  const client = new pgLib.Client({
    connectionString: url,
    types: { getTypeParser: () => (value: string) => value },
    ...(pgSchema ? { options: `-c search_path=${pgSchema}` } : {}),
  });
  await client.connect();
  // The same text whatever the server's settings, so that another server reads it back alike
  // (a DMY date style or a local time zone would otherwise travel into the file).
  await client.query(`set datestyle = 'ISO, YMD'; set timezone = 'UTC'; set intervalstyle = 'postgres'; set extra_float_digits = 3; set bytea_output = 'hex'`);
  return client;
}

/** Beiguan's tables in the current schema, each after the tables its rows refer to. */
export async function pgTables(client: pg.Client): Promise<{ name: string; columns: string[] }[]> {
  const ours = (await migratedTables()).tables;
  const { rows: all } = await client.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
  );
  const tables = all.filter((t) => ours.has(t.name));
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

export async function backupPostgres(url: string, partial: string, { pgSchema }: BackupOptions): Promise<Omit<BackupSummary, 'file' | 'bytes'>> {
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

/** Reads a PostgreSQL backup through, checking every line, and hands each table's rows to `onRows`. */
export async function readBackup(file: string, onRows?: OnRows): Promise<Header> {
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

export function checkHeader(file: string, value: unknown): Header {
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
export async function restorePostgres(file: string, { header, rows: readRows }: RowSource, url: string, { force, pgSchema }: RestoreOptions): Promise<RestoreSummary> {
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
      // The rows come back as they were: no trigger may count them again (the site's change
      // counter) or refuse them (the audit log's, which refuse emptying it too: off first).
      for (const t of tables) await client.query(`alter table ${quote(t.name)} disable trigger user`);
      await client.query(`truncate ${tables.map((t) => quote(t.name)).join(', ')} restart identity cascade`);
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
export async function pgSequences(client: pg.Client) {
  const { rows } = await client.query<{ table: string; column: string; sequence: string }>(
    // The table named with its schema: PostgreSQL may call the function on other schemas' rows
    // before it filters them out, and a name alone would not be found there.
    `select table_name as table, column_name as column, pg_get_serial_sequence(quote_ident(table_schema) || '.' || quote_ident(table_name), column_name) as sequence
       from information_schema.columns
      where table_schema = current_schema() and pg_get_serial_sequence(quote_ident(table_schema) || '.' || quote_ident(table_name), column_name) is not null`,
  );
  const ours = (await migratedTables()).tables;
  return rows.filter((r) => ours.has(r.table));
}

export async function pgHasContent(client: pg.Client): Promise<boolean> {
  const skip = (await migratedTables()).seeded;
  for (const { table } of await pgSequences(client)) {
    if (!skip.has(table) && (await client.query(`select 1 from ${quote(table)} limit 1`)).rowCount) return true;
  }
  return false;
}

/** The next number each sequence gives is past the highest restored. */
export async function resetSequences(client: pg.Client) {
  // The audit log's ids go on past its pruned part too (when every record was pruned, the highest
  // id is the checkpoint's): a record numbered within it would break the chain. A store at a
  // migration before the chain has no checkpoints.
  // (This client reads every value as PostgreSQL's text: a name, or null.)
  const checkpoints = (await client.query<{ name: string | null }>(`select to_regclass('audit_checkpoint')::text as name`)).rows[0]!.name !== null;
  for (const s of await pgSequences(client)) {
    const pruned = s.table === 'audit_log' && checkpoints ? `, (select max(through_id) from audit_checkpoint)` : '';
    await client.query(`select setval($1, greatest(coalesce((select max(${quote(s.column)}) from ${quote(s.table)}), 0)${pruned}) + 1, false)`, [s.sequence]);
  }
}

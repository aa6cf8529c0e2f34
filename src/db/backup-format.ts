// What the backup modules share: the portable format's header, the checks every restore makes,
// and small helpers. Imports only config/, shared/ and db/.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { invalid } from '../shared/errors.js';
import { migrateToLatest, openStore } from './database.js';
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

/** Header line of a PostgreSQL backup. */
export interface Header {
  format: typeof BACKUP_FORMAT;
  version: number;
  store: 'postgres';
  createdAt: string;
  migrations: string[];
  tables: { name: string; columns: string[]; rows: number }[];
}

export type OnRows = (table: Header['tables'][number], rows: unknown[][]) => Promise<void>;

/** What a PostgreSQL restore reads: the tables and their counts, then their rows, parents first. */
export interface RowSource {
  header: Pick<Header, 'migrations' | 'tables'>;
  rows(onRows: OnRows): Promise<void>;
}

export const KNOWN_MIGRATIONS = Object.keys(migrations).sort();

export const badFile = (file: string, why: string, cause?: unknown) =>
  invalid('BACKUP_FILE_INVALID', `${file}: ${why}`, { field: 'FILE', ...(cause ? { cause: String(cause) } : {}) });

export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Parents before children (Kahn's algorithm, by name among equals, so that the order is stable). */
export function dependencyOrder(names: string[], refs: { child: string; parent: string }[]): string[] {
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

export function syncFile(file: string) {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Renames `from` to `to` durably: the file's bytes, then the folder's entry, are on disk when it returns. */
export function renameDurably(from: string, to: string) {
  syncFile(from);
  fs.renameSync(from, to);
  const fd = fs.openSync(path.dirname(to), 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The backup's migrations must be this program's, in order: a newer program's backup cannot be read. */
export function checkMigrations(file: string, applied: string[]) {
  const unknown = applied.filter((m) => !KNOWN_MIGRATIONS.includes(m));
  if (unknown.length)
    throw invalid('BACKUP_SCHEMA_NEWER', `${file} was made by a newer version of Beiguan (migrations ${unknown.join(', ')}); restore it with that version`, { field: 'FILE' });
  if (applied.some((m, i) => KNOWN_MIGRATIONS[i] !== m)) throw badFile(file, `its migrations (${applied.join(', ')}) are not a sequence this program knows`);
}

/**
 * What this program's migrations make, learnt by migrating a store in memory so that no list goes
 * stale: `tables`, Beiguan's own (a PostgreSQL schema may hold other applications' tables, which a
 * backup leaves alone and a restore never empties), and `seeded`, those the migrations fill (the
 * languages, the news channel). Content is a row in a table whose rows are numbered (articles,
 * accounts, the audit log…) other than the seeded ones; other tables hold settings or what is
 * derived from content.
 */
let schemaOfMigrations: Promise<{ tables: Set<string>; seeded: Set<string> }> | undefined;

export function migratedTables(): Promise<{ tables: Set<string>; seeded: Set<string> }> {
  schemaOfMigrations ??= (async () => {
    const store = await openStore({ kind: 'sqlite', path: ':memory:' });
    try {
      await migrateToLatest(store);
      const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(store.db);
      const tables = new Set(rows.map((r) => r.name).filter((n) => !n.startsWith('sqlite_') && !n.startsWith('kysely_')));
      const seeded = new Set<string>();
      for (const name of tables) if ((await sql`select 1 from ${sql.table(name)} limit 1`.execute(store.db)).rows.length) seeded.add(name);
      return { tables, seeded };
    } finally {
      await store.close();
    }
  })();
  return schemaOfMigrations;
}

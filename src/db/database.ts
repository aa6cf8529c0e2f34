// Opens a store (SQLite or PostgreSQL) behind one Kysely<DB> and brings its schema up to date.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import { Kysely, Migrator, type ControlledTransaction, PostgresDialect, sql, SqliteDialect, type MigrationResultSet, type Transaction } from 'kysely';
import { describeDb, type DbTarget } from '../config/index.js';
import { migrations } from './migrations/index.js';
import type { DB } from './schema.js';
import type { DialectName } from './dialect.js';

export interface Store {
  db: Kysely<DB>;
  dialect: DialectName;
  /** PostgreSQL: the schema this store lives in (the first of the search path that exists). */
  schema?: string;
  /** PostgreSQL: a connection of its own, outside the pool, with the pool's settings (to LISTEN on). */
  connect?: () => Promise<pg.Client>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL only: a schema to use (created if missing), so tests can each have their own. */
  pgSchema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /**
   * SQLite: `full` (the default) syncs the write-ahead log to disk at every commit, so a commit
   * acknowledged survives a power cut; `normal` syncs only at checkpoints: faster, and still safe
   * when the process dies, but a power cut or OS crash may lose the last commits.
   */
  sqliteSync?: 'full' | 'normal';
}

export async function openStore(target: DbTarget, options: OpenOptions = {}): Promise<Store> {
  if (target.kind === 'sqlite') {
    if (target.path !== ':memory:') fs.mkdirSync(path.dirname(target.path), { recursive: true });
    const database = new SQLite(target.path);
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    database.pragma(options.sqliteSync === 'normal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  // Loaded only for PostgreSQL: the embedded default starts faster without it.
  const { default: pg } = await import('pg');
  if (options.pgSchema && !/^[a-z_][a-z0-9_]*$/.test(options.pgSchema)) throw new Error(`unsafe schema name ${options.pgSchema}`);
  const settings: pg.ClientConfig = { connectionString: target.url, ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}) };
  const pool = new pg.Pool({ ...settings, max: options.poolSize ?? 10 });
  let schema = options.pgSchema;
  const client = await pool.connect().catch(async (cause: unknown) => {
    await pool.end();
    throw new Error(`cannot reach the store ${describeDb(target)}: ${(cause as Error).message}`, { cause });
  });
  try {
    if (schema) await client.query(`create schema if not exists ${schema}`);
    // A search path set elsewhere (the URL's options=-c search_path=…, the role's settings) names
    // the schema too: the migrator must be told it, or it may take another schema's bookkeeping for ours.
    else schema = (await client.query<{ schema: string | null }>('select current_schema() as schema')).rows[0]?.schema ?? undefined;
    if (!schema) throw new Error(`the search path of ${describeDb(target)} names no schema that exists: create it first`);
    client.release();
  } catch (e) {
    client.release();
    await pool.end();
    throw e;
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const connect = async () => {
    const own = new pg.Client(settings);
    await own.connect();
    return own;
  };
  return { db, dialect: 'postgres', schema, connect, close: () => db.destroy() };
}

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles a statement on each prepare();
 * the same few hundred query shapes recur, so their compiled statements are kept, least recently
 * used out first (a third of an article page's render time went to compiling).
 */
function withStatementCache(database: SQLite.Database, max = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (sql: string) => {
    let stmt = cache.get(sql);
    if (stmt) cache.delete(sql);
    else stmt = database.prepare(sql);
    cache.set(sql, stmt);
    if (cache.size > max) cache.delete(cache.keys().next().value!);
    return stmt;
  };
  return new Proxy(database, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

// Without an explicit schema Kysely looks for its bookkeeping tables across every schema and may
// find another store's: name ours whenever the store has its own.
const migratorOf = ({ db, schema }: Pick<Store, 'db' | 'schema'>) =>
  new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });

export interface MigrationStatus {
  /** Applied to the store, in order. */
  applied: string[];
  /** Known to this program and not applied yet. */
  pending: string[];
  /** Applied to the store by a newer version of the program, unknown to this one. */
  unknown: string[];
}

/** Which of this program's migrations the store has, and which it has that this program does not know. */
export async function migrationStatus(store: Pick<Store, 'db' | 'schema'>): Promise<MigrationStatus> {
  const known = await migratorOf(store).getMigrations();
  const table = store.schema ? sql.table(`${store.schema}.kysely_migration`) : sql.table('kysely_migration');
  const names = new Set(known.map((m) => m.name));
  // A store never migrated has no bookkeeping table yet (getMigrations then reports all pending).
  const recorded = known.some((m) => m.executedAt) ? (await sql<{ name: string }>`select name from ${table}`.execute(store.db)).rows.map((r) => r.name) : [];
  return {
    applied: known.filter((m) => m.executedAt).map((m) => m.name),
    pending: known.filter((m) => !m.executedAt).map((m) => m.name),
    unknown: recorded.filter((n) => !names.has(n)).sort(),
  };
}

/** Applies every pending migration; throws with the name of the one that failed. */
export async function migrateToLatest(store: Pick<Store, 'db' | 'schema'>): Promise<MigrationResultSet> {
  const result = await migratorOf(store).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`migration ${failed} failed: ${(result.error as Error).message ?? result.error}`, {
      cause: result.error,
    });
  }
  return result;
}

/** Brings the store to exactly migration `name`, down as well as up (restoring a backup made at it). */
export async function migrateStoreTo(store: Pick<Store, 'db' | 'schema'>, name: string): Promise<MigrationResultSet> {
  const result = await migratorOf(store).migrateTo(name);
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`migration ${failed} failed: ${(result.error as Error).message ?? result.error}`, { cause: result.error });
  }
  return result;
}

/** Runs `work` in one transaction: all of it is written, or none. */
export function withTransaction<T>(store: Pick<Store, 'db'>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return store.db.transaction().execute(work);
}

/**
 * Writes many units of work in few transactions, for bulk jobs (the importer): each unit runs in a
 * savepoint of its own, so a unit that fails is undone alone and the others stay; the transaction
 * is committed by `flush()`, which the caller calls when `due` (`maxMs` after it began) and when
 * done: a thousand small units pay one commit instead of a thousand, and other writers wait at most
 * about that long. `abandon()` rolls back what is pending, on the way out of an error.
 */
export function batchWriter(store: Pick<Store, 'db'>, { maxMs = 500 } = {}) {
  let open: { trx: ControlledTransaction<DB>; since: number } | undefined;
  return {
    async unit<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
      open ??= { trx: await store.db.startTransaction().execute(), since: Date.now() };
      const point = await open.trx.savepoint('unit').execute();
      let result: T;
      try {
        result = await work(point);
      } catch (e) {
        await point.rollbackToSavepoint('unit').execute();
        throw e;
      }
      await point.releaseSavepoint('unit').execute();
      return result;
    },
    /** Whether the open transaction has run long enough to be committed. */
    get due() {
      return open !== undefined && Date.now() - open.since >= maxMs;
    },
    async flush() {
      const pending = open;
      open = undefined;
      if (!pending) return;
      try {
        await pending.trx.commit().execute();
      } catch (e) {
        // SQLite leaves a transaction whose COMMIT failed open: end it, so the next unit starts afresh.
        await pending.trx.rollback().execute().catch(() => undefined);
        throw e;
      }
    },
    async abandon() {
      const pending = open;
      open = undefined;
      await pending?.trx.rollback().execute();
    },
  };
}

/** Answers when the store does; throws when it is unreachable (for /healthz). */
export async function pingStore(store: Pick<Store, 'db'>): Promise<void> {
  await sql`select 1`.execute(store.db);
}

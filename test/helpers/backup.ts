// Stores of their own for backup, restore and crash tests, and every row of one to compare.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import type { DbTarget } from '../../src/config/index.js';
import { openStore, type DialectName, type Store } from '../../src/db/index.js';
import { env } from './store.js';

/** Where a test store lives: its own SQLite file, or its own PostgreSQL schema. */
export interface Where {
  target: DbTarget;
  pgSchema?: string;
}

export function newTarget(dialect: DialectName, dir: string): Where {
  if (dialect === 'sqlite') return { target: { kind: 'sqlite', path: path.join(dir, `${randomBytes(4).toString('hex')}.sqlite`) } };
  return { target: { kind: 'postgres', url: env.pgUrl! }, pgSchema: `t_${randomBytes(6).toString('hex')}` };
}

export const openTarget = ({ target, pgSchema }: Where) => openStore(target, { pgSchema, poolSize: 3 });

/** Every row of every table of the store (the tables listed from its schema), each table's rows sorted. */
export async function everyRow(store: Store): Promise<Record<string, string[]>> {
  const tables =
    store.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(store.db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(store.db);
  const out: Record<string, string[]> = {};
  // The migrations' own bookkeeping records when each ran, which a restore does again.
  for (const { name } of tables.rows.filter((t) => !t.name.startsWith('kysely_migration'))) {
    const rows =
      store.dialect === 'sqlite'
        ? (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(store.db)).rows.map((r) => JSON.stringify(r))
        : // PostgreSQL's own text for each row: timestamps to the microsecond, no rounding by JavaScript.
          (await sql<{ r: string }>`select t::text as r from ${sql.table(name)} as t`.execute(store.db)).rows.map((r) => r.r);
    out[name] = rows.sort();
  }
  return out;
}


// The one place that knows SQLite and PostgreSQL apart; everything else is dialect-neutral Kysely.
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, type SelectQueryBuilder, sql, type Transaction } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** An auto-numbered integer primary key. */
export function idColumnType(dialect: DialectName) {
  return dialect === 'postgres' ? ('serial' as const) : ('integer' as const);
}
export function idColumn(dialect: DialectName) {
  return (c: ColumnDefinitionBuilder) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());
}

/** timestamptz on PostgreSQL; ISO-8601 text on SQLite (sorts correctly as text). */
export function timestampType(dialect: DialectName) {
  return dialect === 'postgres' ? sql`timestamptz` : sql`text`;
}

/**
 * Locks the rows a select reads until its transaction ends, passing over those another transaction
 * holds: instances share out a job's rows instead of queueing for them (PostgreSQL). SQLite lets
 * one transaction write at a time, so the rows it reads are its alone already.
 */
export function claimRows<Q extends SelectQueryBuilder<any, any, any>>(db: Kysely<any>, query: Q): Q {
  // NO KEY: a transaction that only refers to the row (a new revision's foreign key) is not held up.
  return dialectOf(db) === 'postgres' ? (query.forNoKeyUpdate().skipLocked() as Q) : query;
}

/**
 * Runs `work` in a read-only transaction that sees one moment of the store throughout: REPEATABLE
 * READ on PostgreSQL; on SQLite (WAL) any transaction reads one snapshot from its first read on.
 */
export function readSnapshot<T>(db: Kysely<any> | Transaction<any>, work: (trx: Transaction<any>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<any>);
  const trx = db.transaction();
  return (dialectOf(db) === 'postgres' ? trx.setIsolationLevel('repeatable read').setAccessMode('read only') : trx).execute(work);
}

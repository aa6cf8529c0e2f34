// The one place that knows SQLite and PostgreSQL apart; everything else is dialect-neutral Kysely.
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

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

// The audit log's hash chain: how a record is hashed, and the dialect-specific steps of appending
// one (the migration that chains the old records and the people repository both use them).
import { createHash } from 'node:crypto';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { dialectOf } from './dialect.js';
import type { AuditLogTable, DB } from './schema.js';

/** The fields a record's hash covers, as stored: all but its own hash. */
export type AuditRecordFields = Omit<Selectable<AuditLogTable>, 'hash' | 'prev_hash'> & { prev_hash: string };

/** The chain's start: the first record's prev_hash when nothing was pruned before it. */
export const AUDIT_GENESIS = '';

/**
 * SHA-256 over a JSON array of every field in a fixed order, the previous record's hash last: a
 * JSON array cannot be read two ways, and the instant is normalised (PostgreSQL gives a Date,
 * SQLite the text written) so both stores hash a record alike.
 */
export function auditRecordHash(r: AuditRecordFields): string {
  const at = new Date(r.at).toISOString();
  const fields = [Number(r.id), at, r.actor_id == null ? null : Number(r.actor_id), r.actor_name, r.action, r.entity_type,
    r.entity_id == null ? null : Number(r.entity_id), r.from_state, r.to_state, r.comment, r.client_address, r.prev_hash];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/**
 * Keeps other appenders out until `trx` ends, so the chain never forks: on PostgreSQL a transaction
 * advisory lock (other instances wait for it); SQLite has a single writer already. A transaction
 * appends last, after its other writes: holding this lock and then waiting for a row, it could
 * deadlock with one holding that row and waiting for this lock.
 */
export async function lockAuditChain(trx: Transaction<DB>): Promise<void> {
  // Keyed by the schema too: stores sharing a database (one schema each) have a chain each.
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}, hashtext(current_schema()))`.execute(trx);
}
const AUDIT_CHAIN_LOCK = 0x6175_6469;

/**
 * The id the next record gets, chosen before it is written because its hash covers it. Ids only
 * grow: PostgreSQL's sequence, SQLite's AUTOINCREMENT counter (never reuses a deleted record's id).
 */
export async function nextAuditId(db: Kysely<DB> | Transaction<DB>): Promise<number> {
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ id: string }>`select nextval(pg_get_serial_sequence('audit_log', 'id')) as id`.execute(db);
    return Number(rows[0]!.id);
  }
  const { rows } = await sql<{ id: number }>`select max(coalesce((select seq from sqlite_sequence where name = 'audit_log'), 0), coalesce((select max(id) from audit_log), 0)) + 1 as id`.execute(db);
  return Number(rows[0]!.id);
}

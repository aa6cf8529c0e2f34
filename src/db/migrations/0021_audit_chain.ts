// The audit log becomes a hash chain, append-only in the database itself: each record carries the
// hash of the one before it and its own (db/audit-chain.ts); records already there are chained in
// id order. Records leave only by pruning, which first writes a checkpoint (the last pruned record's
// hash and how many went) from which `beiguan audit verify` starts; the triggers refuse any update,
// and any delete of a record younger than six months or that no checkpoint covers.
import { type Kysely, sql } from 'kysely';
import { AUDIT_GENESIS, auditRecordHash, type AuditRecordFields } from '../audit-chain.js';
import { dialectOf, idColumn, idColumnType, timestampType } from '../dialect.js';

const REFUSED = 'audit_log is append-only: records leave only through beiguan audit prune, six months old at least';
/**
 * Whatever a checkpoint says (anyone who may write to the store may add one), no record younger
 * than this leaves: six months, the least the log is kept (people/audit.ts AUDIT_MIN_KEEP_DAYS).
 */
const MIN_AGE_DAYS = 183;
const CHECKPOINT_REFUSED = 'audit_checkpoint is append-only';

export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
  await db.schema
    .createTable('audit_checkpoint')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('at', timestampType(d), (c) => c.notNull())
    .addColumn('through_id', 'integer', (c) => c.notNull())
    .addColumn('through_hash', 'text', (c) => c.notNull())
    .addColumn('pruned_count', 'integer', (c) => c.notNull())
    .addColumn('keep_days', 'integer', (c) => c.notNull())
    .execute();

  let prev = AUDIT_GENESIS;
  const rows = (await db.selectFrom('audit_log').selectAll().orderBy('id').execute()) as Omit<AuditRecordFields, 'prev_hash'>[];
  for (const row of rows) {
    const hash = auditRecordHash({ ...row, prev_hash: prev });
    await db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('id', '=', row.id).execute();
    prev = hash;
  }

  if (d === 'postgres') {
    // The search path is fixed when the function is made: a session cannot point it at a look-alike table.
    await sql`create function audit_log_guard() returns trigger language plpgsql set search_path from current as $$
      begin
        if tg_op = 'DELETE' and old.at < now() - interval '${sql.raw(String(MIN_AGE_DAYS))} days'
          and exists (select 1 from audit_checkpoint where through_id >= old.id) then return old; end if;
        raise exception '${sql.raw(REFUSED)}' using errcode = 'insufficient_privilege';
      end $$`.execute(db);
    await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_guard()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_guard()`.execute(db);
    await sql`create function audit_checkpoint_guard() returns trigger language plpgsql as $$
      begin raise exception '${sql.raw(CHECKPOINT_REFUSED)}' using errcode = 'insufficient_privilege'; end $$`.execute(db);
    await sql`create trigger audit_checkpoint_append_only before update or delete on audit_checkpoint for each row execute function audit_checkpoint_guard()`.execute(db);
    await sql`create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint for each statement execute function audit_checkpoint_guard()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, '${sql.raw(REFUSED)}'); end`.execute(db);
    // Instants are stored as ISO 8601 text (…T…Z), which compares as text in time order.
    await sql`create trigger audit_log_no_delete before delete on audit_log
      when old.at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-${sql.raw(String(MIN_AGE_DAYS))} days')
        or not exists (select 1 from audit_checkpoint where through_id >= old.id)
      begin select raise(abort, '${sql.raw(REFUSED)}'); end`.execute(db);
    await sql`create trigger audit_checkpoint_no_update before update on audit_checkpoint begin select raise(abort, '${sql.raw(CHECKPOINT_REFUSED)}'); end`.execute(db);
    await sql`create trigger audit_checkpoint_no_delete before delete on audit_checkpoint begin select raise(abort, '${sql.raw(CHECKPOINT_REFUSED)}'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop trigger audit_log_append_only on audit_log`.execute(db);
    await sql`drop trigger audit_log_no_truncate on audit_log`.execute(db);
    await sql`drop function audit_log_guard()`.execute(db);
    await sql`drop function audit_checkpoint_guard() cascade`.execute(db);
  } else {
    for (const t of ['audit_log_no_update', 'audit_log_no_delete']) await sql`drop trigger ${sql.raw(t)}`.execute(db);
  }
  await db.schema.dropTable('audit_checkpoint').execute();
  await db.schema.alterTable('audit_log').dropColumn('hash').execute();
  await db.schema.alterTable('audit_log').dropColumn('prev_hash').execute();
}

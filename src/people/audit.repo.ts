// The audit log's chain: appending a record, walking the chain, pruning behind a checkpoint. The
// only place that writes audit_log (its triggers refuse changes; see migration 0021).
import type { Kysely, Selectable, Transaction } from 'kysely';
import { AUDIT_GENESIS, auditRecordHash, lockAuditChain, nextAuditId, readSnapshot, type DB } from '../db/index.js';
import type { AuditEntry } from './people.types.js';

export function createAuditRepo(db: Kysely<DB> | Transaction<DB>): AuditRepo {
  const latestCheckpoint = (q: Kysely<DB> | Transaction<DB>) => q.selectFrom('audit_checkpoint').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  const inChainLock = async <T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> => {
    const run = async (trx: Transaction<DB>) => {
      await lockAuditChain(trx);
      return work(trx);
    };
    return db.isTransaction ? run(db as Transaction<DB>) : db.transaction().execute(run);
  };
  return {
    /** Appends a record chained to the last one; other appenders wait until the caller's transaction ends. */
    async append(e: AuditEntry, now: string) {
      await inChainLock(async (trx) => {
        const last = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
        const prev = last?.hash ?? (await latestCheckpoint(trx))?.through_hash ?? AUDIT_GENESIS;
        const row = {
          id: await nextAuditId(trx),
          at: now,
          actor_id: e.actor?.id ?? null,
          actor_name: e.actor?.name ?? null,
          action: e.action,
          entity_type: e.entityType ?? null,
          entity_id: e.entityId ?? null,
          from_state: e.from ?? null,
          to_state: e.to ?? null,
          comment: e.comment ?? null,
          client_address: e.clientAddress ?? null,
          prev_hash: prev,
        };
        await trx.insertInto('audit_log').values({ ...row, hash: auditRecordHash(row) }).execute();
      });
    },
    /** Runs `work` with the chain locked against appenders and pruners until it ends. */
    locked: <T>(work: (repo: AuditRepo) => Promise<T>) => inChainLock((trx) => work(createAuditRepo(trx))),
    /** Runs `work` on one snapshot of the log: a prune meanwhile does not look like tampering. */
    snapshot: <T>(work: (repo: AuditRepo) => Promise<T>) => readSnapshot(db, (trx) => work(createAuditRepo(trx))),
    latestCheckpoint: () => latestCheckpoint(db),
    /** When the oldest record kept was written (one indexed read: is pruning due?). */
    async oldestAt(): Promise<string | undefined> {
      const row = await db.selectFrom('audit_log').select('at').orderBy('at').limit(1).executeTakeFirst();
      return row ? new Date(row.at).toISOString() : undefined;
    },
    /** Records in chain order after `afterId`, `limit` at a time. */
    page: (afterId: number, limit: number) => db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute(),
    /**
     * Removes the records older than `before`, from the oldest up to the first one that is not
     * (clocks of several instances may disagree a little: a younger record is never removed), after
     * writing the checkpoint the chain then starts from. Returns how many went.
     */
    async prune(before: string, now: string, keepDays: number): Promise<number> {
      return inChainLock(async (trx) => {
        const young = await trx.selectFrom('audit_log').select('id').where('at', '>=', before).orderBy('id').limit(1).executeTakeFirst();
        let q = trx.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1);
        if (young) q = q.where('id', '<', young.id);
        const last = await q.executeTakeFirst();
        if (!last) return 0;
        const { n } = await trx.selectFrom('audit_log').select((eb) => eb.fn.countAll<string | number>().as('n')).where('id', '<=', last.id).executeTakeFirstOrThrow();
        const previous = await latestCheckpoint(trx);
        await trx
          .insertInto('audit_checkpoint')
          .values({ at: now, through_id: last.id, through_hash: last.hash ?? '', pruned_count: Number(previous?.pruned_count ?? 0) + Number(n), keep_days: keepDays })
          .execute();
        await trx.deleteFrom('audit_log').where('id', '<=', last.id).execute();
        return Number(n);
      });
    },
  };
}
export interface AuditRepo {
  append(e: AuditEntry, now: string): Promise<void>;
  locked<T>(work: (repo: AuditRepo) => Promise<T>): Promise<T>;
  snapshot<T>(work: (repo: AuditRepo) => Promise<T>): Promise<T>;
  latestCheckpoint(): Promise<Selectable<DB['audit_checkpoint']> | undefined>;
  oldestAt(): Promise<string | undefined>;
  page(afterId: number, limit: number): Promise<Selectable<DB['audit_log']>[]>;
  prune(before: string, now: string, keepDays: number): Promise<number>;
}

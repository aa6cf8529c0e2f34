// Checking the audit log's chain and pruning it by age, for `beiguan audit verify|prune`.
import { AUDIT_GENESIS, auditRecordHash } from '../db/index.js';
import type { Clock } from '../shared/clock.js';
import { conflict, invalid } from '../shared/errors.js';
import type { AuditRepo } from './audit.repo.js';

/** Six months: what MLPS 2.0 asks logs to be kept at least. */
export const AUDIT_MIN_KEEP_DAYS = 183;

export type AuditVerdict =
  | { ok: true; count: number; head: string; pruned: number }
  | { ok: false; /** The first record at fault; none when only the anchor is missing. */ badId?: number; reason: string; count: number };

/**
 * Walks the chain from the latest checkpoint (or its start): each record must link to the one
 * before it and hash to what it carries. Names the first record at fault: a changed one fails its
 * own hash; after a deleted or inserted one, the next link breaks. The newest records could go
 * without a trace, so `since`, a head printed (or logged) earlier, must still be in the chain.
 */
export function verifyAuditLog(repo: AuditRepo, options: { since?: string } = {}): Promise<AuditVerdict> {
  return repo.snapshot((r) => walkChain(r, options));
}

async function walkChain(repo: AuditRepo, { since }: { since?: string }): Promise<AuditVerdict> {
  const checkpoint = await repo.latestCheckpoint();
  const pruned = Number(checkpoint?.pruned_count ?? 0);
  let prev = checkpoint?.through_hash ?? AUDIT_GENESIS;
  let prevId = checkpoint ? Number(checkpoint.through_id) : 0;
  let count = pruned;
  let anchored = since === undefined || since === prev;
  const fail = (badId: number, reason: string): AuditVerdict => ({ ok: false, badId, reason, count });
  for (let afterId = 0; ; ) {
    const rows = await repo.page(afterId, 1000);
    for (const row of rows) {
      const id = Number(row.id);
      if (id <= prevId) return fail(id, `record #${id} lies within the pruned part of the log (through #${prevId}): it was inserted out of chain`);
      if (row.hash == null || row.prev_hash == null) return fail(id, `record #${id} has no hash: it was written outside Beiguan`);
      if (row.prev_hash !== prev)
        return fail(id, `the chain breaks at record #${id}: it does not follow ${prevId ? `#${prevId}` : 'the start of the log'} (a record between them was deleted or changed, or #${id} was inserted out of chain)`);
      if (auditRecordHash({ ...row, prev_hash: row.prev_hash }) !== row.hash) return fail(id, `record #${id} was changed after it was written`);
      prev = row.hash;
      prevId = id;
      count++;
      anchored ||= row.hash === since;
    }
    if (rows.length < 1000) {
      if (!anchored) return { ok: false, reason: `no record has the hash ${since}: the records since then were deleted (or it was pruned since)`, count };
      return { ok: true, count, head: prev, pruned };
    }
    afterId = prevId;
  }
}

/**
 * Removes the records older than `keepDays`, never fewer than six months, and only from a chain that
 * verifies (pruning must not erase the evidence of tampering).
 */
export async function pruneAuditLog(
  repo: AuditRepo,
  { keepDays, clock, onlyIfDue = false }: { keepDays: number; clock: Clock; onlyIfDue?: boolean },
): Promise<{ pruned: number; before: string; count?: number; head?: string }> {
  if (!Number.isInteger(keepDays) || keepDays < AUDIT_MIN_KEEP_DAYS)
    throw invalid('AUDIT_KEEP_TOO_SHORT', `audit records are kept at least ${AUDIT_MIN_KEEP_DAYS} days (six months); got ${keepDays}`, { field: 'keepDays' });
  const now = clock.now();
  const before = new Date(now.getTime() - keepDays * 86_400_000).toISOString();
  // The scheduled run looks first (one read) and walks the chain only when something is due.
  if (onlyIfDue) {
    const oldest = await repo.oldestAt();
    if (!oldest || oldest >= before) return { pruned: 0, before };
  }
  // Checked and pruned under one hold of the chain: another instance pruning meanwhile would
  // otherwise look like a deleted record.
  return repo.locked(async (locked) => {
    const verdict = await walkChain(locked, {});
    if (!verdict.ok) throw conflict('AUDIT_CHAIN_BROKEN', `the audit log does not verify, so nothing was pruned: ${verdict.reason}`, { id: verdict.badId });
    const pruned = await locked.prune(before, now.toISOString(), keepDays);
    return { pruned, before, count: verdict.count, head: verdict.head };
  });
}

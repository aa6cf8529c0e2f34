// `beiguan audit verify|prune`: the audit log's hash chain checked, and old records pruned.
import { openApp } from '../app/app.js';
import { loadConfig, loadDbTarget, type ConfigFlags } from '../config/index.js';
import { invalid } from '../shared/errors.js';

/** Exits 1 naming the first record at fault; prints the count and the head hash when the chain holds. */
export async function auditVerifyCommand(flags: { db?: string; since?: string }) {
  if (flags.since !== undefined && !/^[0-9a-f]{64}$/.test(flags.since)) throw invalid('AUDIT_HASH_INVALID', `--since takes a head hash as verify prints it (64 hexadecimal digits); got "${flags.since}"`);
  const app = await openApp(loadDbTarget(flags.db));
  try {
    const verdict = await app.services.auditLog.verify({ since: flags.since });
    if (!verdict.ok) {
      process.stderr.write(`beiguan audit verify: ${verdict.reason}\n`);
      process.exitCode = 1;
      return;
    }
    const pruned = verdict.pruned ? ` (${verdict.pruned} of them pruned, the chain starts from their checkpoint)` : '';
    process.stdout.write(`The audit log verifies: ${verdict.count} record(s)${pruned}; head ${verdict.head || '(empty)'}\n`);
  } finally {
    await app.close();
  }
}

export async function auditPruneCommand(flags: ConfigFlags) {
  const config = loadConfig(flags);
  const app = await openApp(config.db);
  try {
    const { pruned, before } = await app.services.auditLog.prune({ keepDays: config.auditKeepDays });
    process.stdout.write(`Pruned ${pruned} audit record(s) older than ${before} (kept ${config.auditKeepDays} days).\n`);
  } finally {
    await app.close();
  }
}

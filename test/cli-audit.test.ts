// `beiguan audit verify|prune` as an operator runs them: a real process, exit codes, the record named.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../src/app/app.js';
import { createAuditRepo } from '../src/people/index.js';
import { systemClock } from '../src/shared/clock.js';
import { TEST_POLICY } from './helpers/store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;
let db: string;

function beiguan(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/bin.ts'), ...args, '--db', db], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, BEIGUAN_DB: '', BEIGUAN_AUDIT_KEEP_DAYS: '', ...env },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-audit-'));
  db = path.join(dir, 'store.sqlite');
  const app = await openApp({ kind: 'sqlite', path: db }, systemClock, TEST_POLICY);
  try {
    const repo = createAuditRepo(app.store.db);
    const now = Date.now();
    // Three a year and a half old, two from last week.
    for (const daysAgo of [550, 549, 548, 7, 6]) await repo.append({ actor: { id: 1, name: 'ed' }, action: 'article.transition', comment: `${daysAgo} days ago` }, new Date(now - daysAgo * 86_400_000).toISOString());
  } finally {
    await app.close();
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('beiguan audit', () => {
  it('verifies, prunes past the age kept (never under six months), and names a changed record', () => {
    const ok = beiguan(['audit', 'verify']);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/verifies: 5 record\(s\); head [0-9a-f]{64}/);
    const head = ok.out.match(/head ([0-9a-f]{64})/)![1]!;
    expect(beiguan(['audit', 'verify', '--since', 'abc']).code).toBe(2);

    const short = beiguan(['audit', 'prune', '--keep-days', '90']);
    expect(short.code).toBe(2);
    expect(short.err).toContain('--keep-days / BEIGUAN_AUDIT_KEEP_DAYS: must be at least 183');
    expect(beiguan(['audit', 'prune'], { BEIGUAN_AUDIT_KEEP_DAYS: '100' }).code).toBe(2);

    const pruned = beiguan(['audit', 'prune']);
    expect(pruned.code).toBe(0);
    expect(pruned.out).toMatch(/Pruned 3 audit record\(s\) older than .* \(kept 365 days\)/);
    const after = beiguan(['audit', 'verify']);
    expect(after.code).toBe(0);
    expect(after.out).toMatch(/verifies: 5 record\(s\) \(3 of them pruned/);
    expect(beiguan(['audit', 'verify', '--since', head]).code).toBe(0);

    // Someone with the database file drops the guard and edits a record.
    const raw = new SQLite(db);
    raw.exec('drop trigger audit_log_no_update');
    const id = (raw.prepare('select max(id) as id from audit_log').get() as { id: number }).id;
    raw.prepare("update audit_log set comment = 'nothing to see' where id = ?").run(id);
    raw.close();
    const bad = beiguan(['audit', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`record #${id} was changed`);
    const refused = beiguan(['audit', 'prune', '--keep-days', '183']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`record #${id}`);
  });
});

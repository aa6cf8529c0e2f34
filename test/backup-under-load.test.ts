// A backup taken from the command line while eight writers keep saving through the real server
// restores with every save acknowledged before it began, into a store that passes its checks.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreStore } from '../src/db/index.js';
import { newTarget, openTarget } from './helpers/backup.js';
import { dbArgument, startServer, type RunningServer } from './helpers/server.js';
import { testDialects, withSchemaLock } from './helpers/store.js';
import { prepare, savesUnderWay, textOf, writers } from './helpers/writers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function beiguan(args: string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/bin.ts'), ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (status) => resolve({ status, stderr })));
}

describe.each(testDialects())('a backup under write load on %s', (dialect) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-backup-load-'));
  let server: RunningServer | undefined;
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds every save acknowledged before it began', async () => {
    const { where, token } = await prepare(dialect, dir);
    const db = dbArgument(where.target, where.pgSchema);
    server = await startServer(db, { env: { BEIGUAN_MEDIA_DIR: path.join(dir, 'media') } });
    const url = server.url;
    let running = true;
    const w = writers(token, async () => (running ? url : undefined));
    await savesUnderWay(w.figures, 20);

    // What was acknowledged when the backup command starts: all of it must be in the backup.
    const before = new Map([...w.known].map(([id, k]) => [id, { ...k.acked }]));
    const ackedBefore = w.figures.acknowledged;
    const file = path.join(dir, 'under-load.backup');
    const backup = await beiguan(['backup', file, '--db', db]);
    const ackedDuring = w.figures.acknowledged - ackedBefore;
    running = false;
    await w.stop();
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);

    const restored = newTarget(dialect, dir);
    await withSchemaLock(dialect, 'shared', () => restoreStore(restored.target, file, { pgSchema: restored.pgSchema }));
    const store = await openTarget(restored);
    let rows: { id: number; revision: number; body: string }[];
    try {
      rows = await store.db.selectFrom('article').select(['id', 'revision', 'body']).execute();
    } finally {
      await store.close();
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    // A later save of the same article may be in the backup too: then the revision is higher.
    const missing = [...before].filter(([id, acked]) => {
      const row = byId.get(id);
      return !row || row.revision < acked.revision || (row.revision === acked.revision && textOf(row.body) !== acked.text);
    });
    console.log(
      `${dialect}: ${before.size} articles (${ackedBefore} saves) acknowledged before the backup began, ${missing.length} missing from it; ` +
        `${ackedDuring} saves acknowledged while it ran; ${rows.length} articles in the backup`,
    );
    expect(before.size).toBeGreaterThan(0);
    expect(ackedDuring).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(w.figures.unexpected).toEqual([]);
    if (restored.target.kind === 'sqlite') {
      const copy = new SQLite(restored.target.path, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(copy.pragma('foreign_key_check')).toEqual([]);
      } finally {
        copy.close();
      }
    }
  }, 180_000);
});

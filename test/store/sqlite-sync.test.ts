// The server's SQLite store syncs its write-ahead log at every commit unless the operator chose otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openConfiguredApp } from '../../src/app/app.js';
import { loadConfig } from '../../src/config/index.js';

describe('SQLite synchronous mode', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-sync-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    [{}, 'wal', 2],
    [{ BEIGUAN_SQLITE_SYNC: 'normal' }, 'wal', 1],
  ])('with %o the store is in %s mode with synchronous=%i', async (env, journal, synchronous) => {
    const opened = await openConfiguredApp(loadConfig({ db: path.join(dir, `${synchronous}.sqlite`), mediaDir: path.join(dir, 'media') }, env));
    try {
      expect((await sql<{ journal_mode: string }>`pragma journal_mode`.execute(opened.store.db)).rows[0]!.journal_mode).toBe(journal);
      expect((await sql<{ synchronous: number }>`pragma synchronous`.execute(opened.store.db)).rows[0]!.synchronous).toBe(synchronous);
    } finally {
      await opened.close();
    }
  });
});

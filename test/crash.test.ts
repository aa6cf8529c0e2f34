// Durability: the real server is killed (SIGKILL) at random moments while eight writers save through
// the write API, and started again on the same store, several times over. Every save it
// acknowledged must be in the store afterwards, exactly; a SQLite store must pass its checks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openTarget } from './helpers/backup.js';
import { dbArgument, startServer, type RunningServer } from './helpers/server.js';
import { testDialects } from './helpers/store.js';
import { prepare, savesUnderWay, textOf, writers } from './helpers/writers.js';

const KILLS = 5;

describe.each(testDialects())('a server killed during saves on %s', (dialect) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-crash-'));
  let server: RunningServer | undefined;
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every save it acknowledged', async () => {
    const { where, token } = await prepare(dialect, dir);
    const db = dbArgument(where.target, where.pgSchema);
    const media = { BEIGUAN_MEDIA_DIR: path.join(dir, 'media') };
    // The writers wait for the next server while there is none.
    let up: Promise<string | undefined> = Promise.resolve(undefined);
    let release: (url: string | undefined) => void = () => undefined;
    const down = () => {
      up = new Promise((resolve) => (release = resolve));
    };
    down();
    server = await startServer(db, { env: media });
    release(server.url);
    const w = writers(token, () => up);
    let kills = 0;
    const startedAt = Date.now();
    for (; kills < KILLS; kills++) {
      await savesUnderWay(w.figures);
      down();
      server.child.kill('SIGKILL');
      await server.exited;
      server = await startServer(db, { env: media });
      release(server.url);
    }
    await savesUnderWay(w.figures);
    down();
    server.child.kill('SIGKILL');
    await server.exited;
    kills++;
    server = undefined;
    release(undefined);
    await w.stop();

    // The store as the last kill left it.
    const store = await openTarget(where);
    let lost: string[] = [];
    let rows: { id: number; revision: number; body: string }[];
    try {
      rows = await store.db.selectFrom('article').select(['id', 'revision', 'body']).execute();
    } finally {
      await store.close();
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    let unanswered = 0;
    lost = [...w.known].flatMap(([id, k]) => {
      const row = byId.get(id);
      if (!row) return [`article ${id} is missing`];
      const stored = { text: textOf(row.body), revision: row.revision };
      if (stored.revision === k.acked.revision && stored.text === k.acked.text) return [];
      if (k.unanswered && stored.revision === k.unanswered.revision && stored.text === k.unanswered.text) {
        unanswered++;
        return [];
      }
      return [`article ${id}: acknowledged revision ${k.acked.revision} "${k.acked.text}", stored ${stored.revision} "${stored.text}"`];
    });
    console.log(
      `${dialect}: ${kills} kills in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; ${w.figures.acknowledged} saves acknowledged, ${lost.length} lost; ` +
        `${w.figures.unanswered} in flight at a kill (found written: ${unanswered} edits, ${rows.length - w.known.size} new articles), ${w.figures.refused} refused by a dead server; ${rows.length} articles in the store`,
    );
    expect(w.figures.unexpected).toEqual([]);
    expect(lost).toEqual([]);
    // Some kills came with saves in flight, or the test proved little.
    expect(w.figures.unanswered).toBeGreaterThan(0);

    if (where.target.kind === 'sqlite') {
      const file = new SQLite(where.target.path);
      try {
        expect(file.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(file.pragma('foreign_key_check')).toEqual([]);
      } finally {
        file.close();
      }
    }
  }, 240_000);
});

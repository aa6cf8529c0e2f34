// Durability: the real server is killed (SIGKILL) at random moments while eight writers save through
// the write API, and started again on the same store, several times over. Every save it
// acknowledged must be in the store afterwards, exactly; a SQLite store must pass its checks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../src/app/services.js';
import { migrateToLatest, type DialectName } from '../src/db/index.js';
import { fixedClock } from '../src/shared/clock.js';
import { newTarget, openTarget } from './helpers/backup.js';
import { dbArgument, startServer, type RunningServer } from './helpers/server.js';
import { TEST_NOW, TEST_POLICY, testDialects, withSchemaLock } from './helpers/store.js';

const WRITERS = 8;
const KILLS = 6;
const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const textOf = (body: string) =>
  (JSON.parse(body) as { content: { content?: { text: string }[] }[] }).content.flatMap((p) => p.content ?? []).map((t) => t.text).join('');

/** A store of its own with an account and an API token for the writers. */
async function prepare(dialect: DialectName, dir: string) {
  const where = newTarget(dialect, dir);
  const store = await openTarget(where);
  try {
    await withSchemaLock(dialect, 'shared', () => migrateToLatest(store));
    const services = createServices(store.db, fixedClock(TEST_NOW), TEST_POLICY);
    await services.auth.addUser({ name: 'writer', role: 'editor', password: 'correct horse battery staple' });
    return { where, token: (await services.auth.createToken('writer')).token };
  } finally {
    await store.close();
  }
}

/** What the writers know: per article, the last save acknowledged and a save whose answer never came. */
interface Known {
  acked: { text: string; revision: number };
  unanswered?: { text: string; revision: number };
}

/**
 * Eight writers, each creating drafts and editing its own, through whichever server is up; returns
 * the figures once `stop()` is called. An edit whose answer never came leaves its article alone.
 */
function writers(token: string, current: () => Promise<string | undefined>) {
  const known = new Map<number, Known>();
  const figures = { acknowledged: 0, unanswered: 0, refused: 0, unexpected: [] as string[] };
  let stopped = false;
  const send = async (url: string, method: string, pathname: string, body: object) => {
    const res = await fetch(url + pathname, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, json: (await res.json()) as { id: number; revision: number } };
  };
  const writer = async (w: number) => {
    const mine: number[] = [];
    for (let n = 0; !stopped; n++) {
      const url = await current();
      if (!url) break;
      const text = `writer ${w} save ${n} ${Math.random().toString(36).slice(2)} 北京`;
      const edit = mine.length > 0 && Math.random() < 0.6 ? mine[Math.floor(Math.random() * mine.length)]! : undefined;
      try {
        if (edit === undefined) {
          const res = await send(url, 'POST', '/api/v1/articles', { lang: n % 2 ? 'zh' : 'en', title: text, body: doc(text) });
          if (res.status !== 201) throw new Error(`create answered ${res.status}: ${JSON.stringify(res.json)}`);
          known.set(res.json.id, { acked: { text, revision: res.json.revision } });
          mine.push(res.json.id);
        } else {
          const k = known.get(edit)!;
          const res = await send(url, 'PATCH', `/api/v1/articles/${edit}`, { revision: k.acked.revision, body: doc(text) });
          if (res.status !== 200) throw new Error(`edit answered ${res.status}: ${JSON.stringify(res.json)}`);
          k.acked = { text, revision: res.json.revision };
        }
        figures.acknowledged++;
      } catch (e) {
        if (e instanceof Error && e.message.includes('answered')) {
          figures.unexpected.push(e.message);
          continue;
        }
        // Sent to a server already dead: nothing was written.
        if ((e as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') {
          figures.refused++;
          continue;
        }
        // The server died with the save in flight: it may or may not have been written.
        figures.unanswered++;
        if (edit !== undefined) {
          known.get(edit)!.unanswered = { text, revision: known.get(edit)!.acked.revision + 1 };
          mine.splice(mine.indexOf(edit), 1);
        }
      }
    }
  };
  const running = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  return {
    known,
    figures,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

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
    server = await startServer(db, media);
    release(server.url);
    const w = writers(token, () => up);
    let kills = 0;
    const startedAt = Date.now();
    for (; kills < KILLS; kills++) {
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1500));
      down();
      server.child.kill('SIGKILL');
      await server.exited;
      server = await startServer(db, media);
      release(server.url);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
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
    // Enough happened for the test to mean something.
    expect(w.figures.acknowledged).toBeGreaterThan(KILLS * 5);
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

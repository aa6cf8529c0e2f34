// Writers that save through the real server's write API, each creating drafts and editing its own,
// and remember what was acknowledged: for the crash and backup-under-load tests.
import { createServices } from '../../src/app/services.js';
import { migrateToLatest, type DialectName } from '../../src/db/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { newTarget, openTarget } from './backup.js';
import { TEST_NOW, TEST_POLICY, withSchemaLock } from './store.js';

const WRITERS = 8;
const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
export const textOf = (body: string) =>
  (JSON.parse(body) as { content: { content?: { text: string }[] }[] }).content.flatMap((p) => p.content ?? []).map((t) => t.text).join('');

/** A store of its own with an account and an API token for the writers. */
export async function prepare(dialect: DialectName, dir: string) {
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
export interface Known {
  acked: { text: string; revision: number };
  unanswered?: { text: string; revision: number };
}

/**
 * Eight writers, each creating drafts and editing its own, through whichever server is up; returns
 * the figures once `stop()` is called. An edit whose answer never came leaves its article alone.
 */
export function writers(token: string, current: () => Promise<string | undefined>) {
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

/**
 * Waits until the server just started has acknowledged a few saves, then a random while more: the
 * kill comes in the middle of the writing however slow the machine is to start a server.
 */
export async function savesUnderWay(figures: { acknowledged: number }, saves = 5, timeoutMs = 30_000) {
  const from = figures.acknowledged;
  const deadline = Date.now() + timeoutMs;
  while (figures.acknowledged < from + saves) {
    if (Date.now() > deadline) throw new Error(`the server acknowledged ${figures.acknowledged - from} saves in ${timeoutMs / 1000} s after it started`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 1000));
}

// PostgreSQL tells every instance of each committed change to what visitors see (NOTIFY, migration
// 0020), on a connection of its own that comes back when it drops.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/services.js';
import { watchSiteChanges, type SiteChangeWatch, type Store } from '../../src/db/index.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import { env, freshStore, manualClock, TEST_POLICY } from '../helpers/store.js';

/** Resolves when `check` holds, polling; fails naming `what` after a few seconds. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not seen in ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.runIf(env.pgUrl || env.isCi)('the store telling its changes on postgres', () => {
  let store: Store;
  let neighbour: Store;
  let watch: SiteChangeWatch | undefined;
  const seen = { changed: 0, listening: 0, lost: [] as unknown[] };

  beforeEach(async () => {
    Object.assign(seen, { changed: 0, listening: 0, lost: [] });
    [store, neighbour] = await Promise.all([freshStore('postgres'), freshStore('postgres')]);
    watch = watchSiteChanges(
      store,
      { changed: () => seen.changed++, listening: () => seen.listening++, lost: (err) => seen.lost.push(err) },
      { retryMs: 50, heartbeatMs: 60_000 },
    );
    await until('listening', () => seen.listening === 1);
  });
  afterEach(async () => {
    await watch?.close();
    await Promise.all([store.close(), neighbour.close()]);
  });

  const publish = async (on: Store, title: string) => {
    const services = createServices(on.db, manualClock(), TEST_POLICY);
    await services.news.create({ lang: 'en', title, body: docFromParagraphs(['Text.']), status: 'published', publishedAt: null });
  };

  it('tells of a committed change once, and of nothing rolled back or in another schema', async () => {
    await publish(store, 'First');
    await until('the first change', () => seen.changed === 1);
    // A rolled back change and another store's (schema's) are not told; a later one is, alone.
    await store.db
      .transaction()
      .execute(async (trx) => {
        await createServices(trx, manualClock(), TEST_POLICY).news.create({ lang: 'en', title: 'Never', body: docFromParagraphs(['x']), status: 'published', publishedAt: null });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await publish(neighbour, 'Elsewhere');
    // Several changes in one transaction are told once.
    await store.db.transaction().execute(async (trx) => {
      const services = createServices(trx, manualClock(), TEST_POLICY);
      for (const title of ['Second', 'Third']) await services.news.create({ lang: 'en', title, body: docFromParagraphs(['x']), status: 'published', publishedAt: null });
    });
    await until('the transaction of two changes', () => seen.changed === 2);
    // Drafts are no change to what visitors see.
    await createServices(store.db, manualClock(), TEST_POLICY).news.create({ lang: 'en', title: 'Draft', body: docFromParagraphs(['x']), status: 'draft', publishedAt: null });
    await publish(store, 'Fourth');
    await until('the fourth', () => seen.changed === 3);
    expect(seen.lost).toEqual([]);
  });

  it('listens again after its connection is cut, and is told of changes then', async () => {
    const cut = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = ${`beiguan listen ${store.schema}`}`.execute(neighbour.db);
    expect(cut.rows[0]!.n).toBe(1);
    await until('the loss reported', () => seen.lost.length >= 1);
    await until('listening again', () => seen.listening === 2);
    await publish(store, 'After the cut');
    await until('the change after the cut', () => seen.changed === 1);
  });

  it('does not count on a connection that stops delivering (a dead network, a pooler in transaction mode), and listens again once it does', async () => {
    // Connections whose notifications are lost while `deaf` holds, as through PgBouncer in transaction mode.
    let deaf = false;
    const connections: { end(): Promise<void> }[] = [];
    const lossy: Store = {
      ...store,
      async connect() {
        const c = await store.connect!();
        connections.push(c);
        const on = c.on.bind(c) as (event: string, listener: (...args: unknown[]) => void) => typeof c;
        c.on = ((event: string, listener: (...args: unknown[]) => void) =>
          on(event, event === 'notification' ? (...args) => deaf || listener(...args) : listener)) as typeof c.on;
        return c;
      },
    };
    const told = { listening: 0, lost: [] as unknown[] };
    const w = watchSiteChanges(lossy, { changed: () => undefined, listening: () => told.listening++, lost: (err) => told.lost.push(err) }, { retryMs: 10, maxRetryMs: 20, heartbeatMs: 200 });
    try {
      await until('listening', () => told.listening === 1);
      deaf = true;
      await until('two failed attempts', () => told.lost.length >= 2);
      expect(told.lost[0]).toMatchObject({ message: 'no notification came back within 200 ms' });
      expect(told.listening).toBe(1);
      deaf = false;
      await until('listening again', () => told.listening === 2);
    } finally {
      await w?.close();
      await Promise.all(connections.map((c) => c.end().catch(() => undefined)));
    }
  });

  it('keeps trying while the store cannot be reached, and says so each time', async () => {
    const unreachable: Store = { ...store, connect: () => Promise.reject(new Error('connection refused')) };
    const attempts: unknown[] = [];
    const w = watchSiteChanges(unreachable, { changed: () => undefined, listening: () => undefined, lost: (err) => attempts.push(err) }, { retryMs: 10, maxRetryMs: 20 });
    try {
      await until('three attempts', () => attempts.length >= 3);
      expect(attempts[0]).toMatchObject({ message: 'connection refused' });
    } finally {
      await w?.close();
    }
  });
});

// Two real servers on one store, as behind a load balancer: what is written through one shows on
// the other's public pages (cached there first), API and search within seconds, and a session
// made on one works on the other. On PostgreSQL the store tells each server of a change as it
// commits (LISTEN/NOTIFY); servers sharing a SQLite file find it by checking every second.
// The delays measured are printed, not asserted: they depend on the machine's load.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../src/app/services.js';
import { openStore, type DialectName, type Store } from '../src/db/index.js';
import { docFromParagraphs } from '../src/richtext/index.js';
import { systemClock } from '../src/shared/clock.js';
import { dbArgument, startServer, type RunningServer } from './helpers/server.js';
import { env, TEST_POLICY } from './helpers/store.js';

const BASE_URL = 'https://www.example.test';
const PASSWORD = 'correct horse battery staple';
/**
 * How long a change may take to show on the other server before the test fails: it takes well under
 * a second (the delays are printed), and the deadline leaves room for a loaded machine.
 */
const DEADLINE_MS = 5_000;

/**
 * `beiguan serve` on a free port. The safety-net check of the change counter is pushed out of the
 * test's reach: on PostgreSQL only a notification can bring a change to the other server before the deadline.
 */
const serve = (db: string, mediaDir: string, children: ChildProcess[]) =>
  startServer(db, { args: ['--base-url', BASE_URL, '--log-level', 'info'], env: { BEIGUAN_MEDIA_DIR: mediaDir, BEIGUAN_CHANGE_CHECK_SECONDS: '3600' }, children });

/** Polls until `check` holds; resolves with how long that took from `since`. */
async function seenWithin(what: string, since: number, check: () => Promise<boolean>): Promise<number> {
  while (!(await check())) {
    if (performance.now() - since > DEADLINE_MS) throw new Error(`not seen within ${DEADLINE_MS} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Math.round(performance.now() - since);
}

const dialects: DialectName[] = env.pgUrl || env.isCi ? ['postgres', 'sqlite'] : ['sqlite'];

describe.each(dialects)('two servers sharing one store on %s', (dialect) => {
  let dir: string;
  let store: Store;
  const servers: RunningServer[] = [];
  const children: ChildProcess[] = [];
  let token: string;
  let article: { id: number; slug: string; revision: number };
  const delays: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-multi-'));
    let db: string;
    if (dialect === 'postgres') {
      // A schema of its own (dropped with the run's others, see pg-global-setup.ts), named in the URL as an operator would.
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: env.pgUrl });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      db = dbArgument({ kind: 'postgres', url: env.pgUrl! }, schema);
    } else db = `sqlite:${path.join(dir, 'store.sqlite')}`;
    // The first server makes the schema; the test then adds an account, a token and an article.
    servers.push(await serve(db, path.join(dir, 'media'), children));
    store = await openStore(dialect === 'postgres' ? { kind: 'postgres', url: db } : { kind: 'sqlite', path: db.slice('sqlite:'.length) });
    const services = createServices(store.db, systemClock, TEST_POLICY);
    await services.auth.addUser({ name: 'paula', role: 'publisher', password: PASSWORD });
    token = (await services.auth.createToken('paula')).token;
    const created = await services.news.create({ lang: 'en', title: 'Open day at the observatory', body: docFromParagraphs(['The doors open at nine.']), status: 'published', publishedAt: null });
    article = { id: created.id, slug: created.slug, revision: created.revision };
    servers.push(await serve(db, path.join(dir, 'media'), children));
  }, 180_000);
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (delays.length) process.stdout.write(`two servers on ${dialect}: ${delays.join('; ')}\n`);
  });

  const get = (server: RunningServer, url: string, headers: Record<string, string> = {}) => fetch(server.url + url, { headers, redirect: 'manual' });
  const api = (server: RunningServer, method: string, url: string, body?: object) =>
    fetch(server.url + url, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });

  it('shows a change made through one server on the other: its cached page, its API and its search', async () => {
    const [one, two] = servers as [RunningServer, RunningServer];
    const page = `/en/news/${article.slug}`;
    // The second server has the page cached before the change: asked again, it answers 304 to its ETag.
    const before = await get(two, page);
    expect(before.status).toBe(200);
    expect(await before.text()).toContain('The doors open at nine.');
    const etag = before.headers.get('etag')!;
    expect((await get(two, page, { 'if-none-match': etag })).status).toBe(304);

    const at = performance.now();
    const saved = await api(one, 'PATCH', `/api/v1/articles/${article.id}`, { revision: article.revision, body: docFromParagraphs(['The doors open at ten, with a telescope workshop.']) });
    expect(saved.status).toBe(200);
    const pageDelay = await seenWithin('the new text on the second server\'s page', at, async () => (await (await get(two, page)).text()).includes('telescope workshop'));
    const apiDelay = await seenWithin('the new text in the second server\'s API', at, async () => JSON.stringify(await (await get(two, `/api/v1/articles/${article.id}`)).json()).includes('telescope workshop'));
    const searchDelay = await seenWithin('the new text in the second server\'s search', at, async () => (await (await get(two, '/en/search?q=telescope')).text()).includes(page));
    delays.push(`a save through one showed on the other's page after ${pageDelay} ms (API ${apiDelay} ms, search ${searchDelay} ms)`);
    if (dialect === 'postgres') for (const s of servers) expect(s.output()).toContain("listening for the store's changes");
  });

  it('takes down on one server what is unpublished through the other', async () => {
    const [one, two] = servers as [RunningServer, RunningServer];
    const page = `/en/news/${article.slug}`;
    expect((await get(one, page)).status).toBe(200);
    const at = performance.now();
    expect((await api(two, 'POST', `/api/v1/articles/${article.id}/transitions`, { to: 'unpublished' })).status).toBe(200);
    const delay = await seenWithin('the page gone from the first server', at, async () => (await get(one, page)).status === 410);
    expect((await get(one, `/api/v1/articles/${article.id}`)).status).toBe(404);
    delays.push(`an unpublish through the other was gone from the first after ${delay} ms`);
  });

  it('keeps a session made on one server on the other', async () => {
    const [one, two] = servers as [RunningServer, RunningServer];
    const jar = new Map<string, string>();
    const keep = (res: Response) => {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const at = pair!.indexOf('=');
        jar.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      return res;
    };
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const login = keep(await get(one, '/admin/login'));
    const loginToken = (await login.text()).match(/name="_login" value="([^"]+)"/)![1]!;
    const signed = keep(
      await fetch(`${one.url}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookie(), origin: BASE_URL, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _login: loginToken, name: 'paula', password: PASSWORD }).toString(),
      }),
    );
    expect(signed.status).toBe(303);
    const workspace = await get(two, '/admin', { cookie: cookie() });
    expect(workspace.status).toBe(200);
    expect(await workspace.text()).toContain('paula');
    // Signed out on the second, the session is over on the first as well.
    const html = await (await get(two, '/admin', { cookie: cookie() })).text();
    const csrf = html.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const out = await fetch(`${two.url}/admin/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookie(), origin: BASE_URL, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(out.status).toBe(303);
    expect((await get(one, '/admin', { cookie: cookie() })).status).toBe(303);
  });
});

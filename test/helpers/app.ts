// An app on a fresh store, driven through inject() (no port).
import type { FastifyInstance } from 'fastify';
import { multipart, tempMedia, type Part } from './media.js';
import type { PublishingSettings } from '../../src/config/index.js';
import type { MediaSettings } from '../../src/media/index.js';
import type { DialectName, Store } from '../../src/db/index.js';
import { createServices, type Services } from '../../src/app/services.js';
import { buildApp } from '../../src/http/server.js';
import { LiveSite } from '../../src/site/live.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import type { Lang } from '../../src/shared/lang.js';
import type { Role } from '../../src/people/index.js';
import { fixedClock, type Clock } from '../../src/shared/clock.js';
import { freshServices, TEST_NOW, TEST_POLICY } from './store.js';

export const BASE_URL = 'https://www.example.test';
/** The password test accounts get (long enough, not on the common-password list). */
export const TEST_PASSWORD = 'correct horse battery staple';
type App = Awaited<ReturnType<typeof testApp>>;

/**
 * `media`: keep uploads in a temporary directory (removed on close), with these limits; `publishing`: the record numbers pages print;
 * `store`: serve this store (migrated; closed with the app) instead of a fresh one.
 */
export async function testApp(
  dialect: DialectName,
  {
    baseUrl = BASE_URL,
    clock,
    media,
    publishing,
    log,
    trustProxy,
    extraRoutes,
    store: given,
  }: {
    baseUrl?: string;
    clock?: Clock;
    media?: Partial<Omit<MediaSettings, 'dir'>>;
    publishing?: PublishingSettings;
    /** Log at info level to this stream (the log is silent otherwise). */
    log?: { write(line: string): void };
    trustProxy?: boolean;
    extraRoutes?: (app: FastifyInstance) => Promise<void>;
    store?: Store;
  } = {},
) {
  const files = media ? await tempMedia(media) : undefined;
  const mediaDir = files?.dir;
  const { store, services } = given
    ? { store: given, services: createServices(given.db, clock ?? fixedClock(TEST_NOW), TEST_POLICY, files?.settings) as Services }
    : await freshServices(dialect, clock, undefined, files?.settings);
  // The page cache checks the store's change counter on every request, so that a test's writes
  // through the services show at once (the server checks every second and after each form).
  const app: FastifyInstance = await buildApp({
    store,
    services,
    baseUrl,
    publishing,
    live: new LiveSite(services, store.db, { pollMs: 0 }),
    ...(log && { logLevel: 'info', logStream: log }),
    trustProxy,
    extraRoutes,
  });
  return {
    app,
    store,
    services,
    mediaDir,
    clock: clock ?? fixedClock(TEST_NOW),
    async close() {
      await app.close();
      await store.close();
      await files?.remove();
    },
  };
}

/** A published article with the given paragraphs; dates are ISO instants. */
export function articleInput(lang: Lang, title: string, publishedAt: string | null, paragraphs = [`Text of ${title}.`]) {
  return { lang, title, body: docFromParagraphs(paragraphs), status: 'published' as const, publishedAt };
}

/** A signed-in browser: keeps its cookies and the CSRF token of the last page. */
export async function browserFor(t: App, name: string, password = TEST_PASSWORD) {
  const jar: Record<string, string> = {};
  const keep = (res: { headers: Record<string, unknown> }) => {
    for (const c of ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? [])) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      const value = pair!.slice(at + 1);
      if (value) jar[pair!.slice(0, at)] = value;
      else delete jar[pair!.slice(0, at)];
    }
  };
  const cookie = () => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
  let csrf = '';
  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: { cookie: cookie() } });
    keep(res);
    csrf = res.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? csrf;
    return res;
  };
  /** Posts a form; a URLSearchParams may repeat a field, as check boxes do. */
  const post = async (url: string, fields: Record<string, string> | URLSearchParams) => {
    const form = new URLSearchParams(fields);
    form.set('_csrf', csrf);
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookie(), origin: BASE_URL, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
    keep(res);
    return res;
  };
  const login = await get('/admin/login');
  const loginToken = login.body.match(/name="_login" value="([^"]+)"/)![1]!;
  const signed = await post('/admin/login', { _login: loginToken, name, password });
  if (signed.statusCode !== 303) throw new Error(`${name} could not sign in: ${signed.statusCode}`);
  await get('/admin');
  /** Posts a multipart form (an upload) as given: add `['_csrf', csrf()]` first, as the workspace's forms do. */
  const upload = async (url: string, parts: Part[], headers: Record<string, string> = {}) => {
    const body = multipart(parts);
    const res = await t.app.inject({ method: 'POST', url, headers: { cookie: cookie(), origin: BASE_URL, 'content-type': body.contentType, ...headers }, payload: body.payload });
    keep(res);
    return res;
  };
  /** Sends JSON as the workspace's scripts do: the CSRF token in the x-csrf-token header. */
  const postJson = async (url: string, body: unknown) => {
    const res = await t.app.inject({ method: 'POST', url, headers: { cookie: cookie(), origin: BASE_URL, 'x-csrf-token': csrf }, payload: body as object });
    keep(res);
    return res;
  };
  return { get, post, postJson, upload, csrf: () => csrf, cookie };
}

/** Accounts of these roles (named after them), each with an API token, and a caller that uses it. */
export async function apiCallers(t: { app: FastifyInstance; services: Awaited<ReturnType<typeof testApp>>['services'] }, roles: readonly Role[]) {
  const tokens: Record<string, string> = {};
  for (const role of roles) {
    await t.services.auth.addUser({ name: role, role, password: TEST_PASSWORD });
    tokens[role] = (await t.services.auth.createToken(role)).token;
  }
  return (who: string, method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, ...(payload ? { payload } : {}) });
}

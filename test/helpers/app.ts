// An app on a fresh store, driven through inject() (no port).
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { DialectName } from '../../src/db/index.js';
import { buildApp } from '../../src/http/server.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import type { Lang } from '../../src/shared/lang.js';
import type { Role } from '../../src/people/index.js';
import { fixedClock, type Clock } from '../../src/shared/clock.js';
import { freshServices, TEST_NOW } from './store.js';

export const BASE_URL = 'https://www.example.test';

export async function testApp(dialect: DialectName, { baseUrl = BASE_URL, clock }: { baseUrl?: string; clock?: Clock } = {}) {
  const { store, services } = await freshServices(dialect, clock);
  const app: FastifyInstance = await buildApp({ store, services, baseUrl });
  return {
    app,
    store,
    services,
    clock: clock ?? fixedClock(TEST_NOW),
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/** A published article with the given paragraphs; dates are ISO instants. */
export function articleInput(lang: Lang, title: string, publishedAt: string | null, paragraphs = [`Text of ${title}.`]) {
  return { lang, title, body: docFromParagraphs(paragraphs), status: 'published' as const, publishedAt };
}

/** A signed-in browser: keeps its cookies and the CSRF token of the last page. */
export async function browserFor(t: { app: FastifyInstance }, name: string, password = 'correct horse battery staple') {
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
  const post = async (url: string, fields: Record<string, string>) => {
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookie(), origin: BASE_URL, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    });
    keep(res);
    return res;
  };
  const login = await get('/admin/login');
  const loginToken = login.body.match(/name="_login" value="([^"]+)"/)![1]!;
  const signed = await post('/admin/login', { _login: loginToken, name, password });
  expect(signed.statusCode).toBe(303);
  await get('/admin');
  return { get, post };
}

/** Accounts of these roles (named after them), each with an API token, and a caller that uses it. */
export async function apiCallers(t: { app: FastifyInstance; services: Awaited<ReturnType<typeof testApp>>['services'] }, roles: readonly Role[]) {
  const tokens: Record<string, string> = {};
  for (const role of roles) {
    await t.services.auth.addUser({ name: role, role, password: 'correct horse battery staple' });
    tokens[role] = (await t.services.auth.createToken(role)).token;
  }
  return (who: string, method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, ...(payload ? { payload } : {}) });
}

// The HTTP API fuzzed with malformed input (fast-check): every route of /api/v1 and of the
// workspace's JSON API, and every workspace screen, with random path parameters, query strings, bodies, content types and
// credentials, never answers 5xx, and every refusal is the API's JSON error naming a code.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../../src/demo/index.js';
import { registeredRoutes } from '../../src/http/server.js';
import { apiCallers, articleInput, browserFor, TEST_PASSWORD, testApp } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

const ROLES = ['contributor', 'editor', 'publisher', 'administrator'] as const;

/** The field names the API knows, so that random bodies reach past "unknown field" now and then. */
const FIELDS = [
  'lang', 'title', 'slug', 'summary', 'body', 'bodyHtml', 'profile', 'profileHtml', 'status', 'revision', 'to', 'comment', 'publishAt',
  'unpublishAt', 'publishedAt', 'channel', 'channelId', 'institutionIds', 'translationGroup', 'overrideTerms', 'acceptChecks', 'name',
  'shortName', 'alt', 'caption', 'q', 'page', 'perPage', 'limit', 'type', 'id', 'articleId', 'editing', 'doc', 'content', 'attrs', 'marks',
];

/** Values chosen to break parsers: edges of numbers, odd strings, deep and wide structures. */
const nasty = fc.oneof(
  fc.constantFrom(
    0, -1, 1, 2 ** 31, 2 ** 53, -(2 ** 63), 1e309, 0.5, Number.NaN, '', ' ', '0', '-1', '1e9999', 'NaN', 'null', 'true', '[]', '{}',
    '../../etc/passwd', '%00', '\u0000', '\uD800', '\uFFFF', '<script>alert(1)</script>', "' OR 1=1 --", '${7*7}', '__proto__',
    'constructor', 'x'.repeat(70_000), '北京'.repeat(5000), '2024-02-30T25:61:00Z', 'javascript:alert(1)', null, true, false,
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
);
/** A document nested `depth` deep, built without recursion (JSON.stringify is no deeper than the text). */
const deep = (depth: number) => '{"type":"doc","content":['.repeat(depth) + '"x"' + ']}'.repeat(depth);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, nasty, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...FIELDS), tie('v'), { maxKeys: 5 })),
})).v;
const body = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 8 })), value, { maxKeys: 8 }).map((o) => ({ json: o })),
  value.map((v) => ({ json: v })),
  fc.constantFrom([], {}).map((v) => ({ json: v })),
  fc.constantFrom(1000, 5000, 100_000).map((depth) => ({ raw: `{"lang":"en","title":"Deep","body":${deep(depth)}}`, type: 'application/json' })),
  // Not JSON at all, or JSON cut short, or JSON that tries to reach the prototype.
  fc
    .oneof(fc.string({ maxLength: 200 }), fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))), fc.constantFrom('{"title":"a","title":', '{"__proto__":{"role":"administrator"}}', '{"constructor":{"prototype":{"x":1}}}'))
    .map((raw) => ({ raw, type: 'application/json' })),
  // Under another name.
  fc
    .tuple(fc.string({ maxLength: 200 }), fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1', '*/*'))
    .map(([raw, type]) => ({ raw, type })),
);
const param = fc.oneof(fc.nat({ max: 40 }).map(String), fc.constantFrom('0', '-1', '2147483648', '1.5', '1e3', '0x10', ' 1', 'abc', '%2e%2e', '%00', '北京', 'x'.repeat(300)), fc.string({ maxLength: 12 }).map(encodeURIComponent));
const query = fc.dictionary(
  fc.oneof(fc.constantFrom('lang', 'page', 'perPage', 'limit', 'q', 'type', 'channel', 'institution', 'since', 'until', 'sort', 'status'), fc.string({ maxLength: 6 })),
  fc.oneof(nasty.map(String), fc.array(fc.string({ maxLength: 6 }), { minLength: 2, maxLength: 3 })),
  { maxKeys: 4 },
);
const credentials = fc.oneof(fc.constant('none'), fc.constantFrom(...ROLES), fc.constant('forged'), fc.constant('session'), fc.constant('session without CSRF'));

describe.each(testDialects())('the HTTP API under malformed input on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  let session: Awaited<ReturnType<typeof browserFor>>;
  let routes: { method: string; url: string }[];

  beforeAll(async () => {
    t = await testApp(dialect, { media: {} });
    app = t.app;
    await loadDemoIfEmpty(t.store, t.clock);
    for (let i = 0; i < 3; i++) await t.services.news.create(articleInput('en', `Fuzzed ${i}`, '2024-02-01T00:00:00.000Z'));
    await apiCallers(t, ROLES);
    for (const role of ROLES) tokens[role] = (await t.services.auth.createToken(role)).token;
    await t.services.auth.addUser({ name: 'writer', role: 'editor', password: TEST_PASSWORD });
    session = await browserFor(t, 'writer');
    // The workspace's screens too: their query strings are as open to anyone as the API's.
    routes = registeredRoutes(app).filter((r) => r.url.startsWith('/api/v1/') || r.url.startsWith('/admin/api/') || (r.method === 'GET' && r.url.startsWith('/admin')));
  });
  afterAll(() => t?.close());

  it('knows the routes it fuzzes', () => {
    const names = routes.map((r) => `${r.method} ${r.url}`);
    for (const expected of ['GET /api/v1/articles/:id', 'POST /api/v1/articles', 'PATCH /api/v1/pages/:id', 'POST /api/v1/institutions/:id/transitions', 'POST /api/v1/media', 'GET /api/v1/search', 'POST /admin/api/articles/:id/autosave'])
      expect(names).toContain(expected);
  });

  it('answers the inputs the fuzzing found 5xx for (before they were fixed) as the sender\'s errors', async () => {
    // A name given twice in the query string reached code expecting one string.
    for (const url of ['/admin/api/media?q=a&q=b', '/admin/media?q=a&q=b&page=1&page=2', '/admin/articles?status=draft&status=published', '/api/v1/articles?page=1&page=2'])
      expect((await app.inject({ url, headers: { cookie: session.cookie() } })).statusCode, url).toBe(200);
    // A multipart body cut short.
    for (const headers of [{ authorization: `Bearer ${tokens.editor}` }, { cookie: session.cookie(), origin: 'https://www.example.test' }]) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...headers, 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'MEDIA_UPLOAD_INVALID', details: { field: 'file' } } });
    }
  });

  it('never answers 5xx, and refuses with a JSON error naming a code', async () => {
    let calls = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.nat(), param, query, body, credentials, async (which, id, q, b, who) => {
        const route = routes[which % routes.length]!;
        const url = route.url.replace(/:\w+/g, id) + (Object.keys(q).length ? `?${new URLSearchParams(Object.entries(q).flatMap(([k, v]) => [v].flat().map((x) => [k, String(x)]))).toString()}` : '');
        const headers: Record<string, string> = {};
        if (who === 'forged') headers.authorization = 'Bearer bg_forged_0000000000000000';
        else if (who === 'session' || who === 'session without CSRF') {
          headers.cookie = session.cookie();
          headers.origin = 'https://www.example.test';
          if (who === 'session') headers['x-csrf-token'] = session.csrf();
        } else if (who !== 'none') headers.authorization = `Bearer ${tokens[who]}`;
        const withBody = route.method !== 'GET';
        if (withBody) headers['content-type'] = 'raw' in b ? b.type : 'application/json';
        const payload = 'raw' in b ? b.raw : (JSON.stringify(b.json) ?? 'null');
        const res = await app.inject({ method: route.method as 'GET', url, headers, ...(withBody ? { payload } : {}) });
        calls++;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode >= 500) throw new Error(`${route.method} ${url} (${who}) answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
        if (res.statusCode >= 400 && res.statusCode !== 404 && route.url.startsWith('/api/v1/')) {
          const error = (res.json() as { error?: { code?: unknown } }).error;
          expect(typeof error?.code, `${route.method} ${url}: ${res.body.slice(0, 200)}`).toBe('string');
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 600) },
    );
    // The property reached past the gates: some calls were accepted, some refused for their content.
    expect(calls).toBe(Number(process.env.FUZZ_RUNS ?? 600));
    expect([...statuses.keys()].some((s) => s < 300), JSON.stringify([...statuses])).toBe(true);
    expect(statuses.get(400) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(20);
  });
});

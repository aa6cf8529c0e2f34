// Every kind of answer the server gives carries the security headers, with a policy under which
// only the theme's own scripts, named by hash, can run; HSTS only over HTTPS; and no answer, not
// even one to a failure deep in the store, shows a stack trace, a file of the program or SQL.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../../src/demo/index.js';
import { registeredRoutes } from '../../src/http/server.js';
import { loadAssets } from '../../src/site/assets.js';
import * as fx from '../helpers/media.js';
import { apiCallers, articleInput, browserFor, TEST_PASSWORD, testApp } from '../helpers/app.js';
import { testDialects, withSchemaLock } from '../helpers/store.js';

type Headers = Record<string, string | string[] | number | undefined>;

/** The directives of a Content-Security-Policy, by name. */
const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));

/** What the policy must hold: scripts only by hash, nothing inline or evaluated, no plugins, no <base>, no framing. */
function expectStrictPolicy(headers: Headers, what: string) {
  const policy = headers['content-security-policy'];
  expect(typeof policy, `${what}: a Content-Security-Policy`).toBe('string');
  const d = directives(policy as string);
  expect(policy, what).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*|https?:|data:[^;]*script/);
  const scripts = d.get('script-src') ?? d.get('default-src')!;
  for (const source of scripts) expect(source, `${what}: script-src`).toMatch(/^'(sha256-[A-Za-z0-9+/]+=*|none)'$/);
  expect(d.get('object-src') ?? d.get('default-src'), what).toEqual(["'none'"]);
  expect(d.get('base-uri'), what).toEqual(["'none'"]);
  expect(d.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toMatch(/^(strict-origin-when-cross-origin|no-referrer|same-origin|strict-origin)$/);
}

describe.each(testDialects())('security headers on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeEach(async () => {
    t = await testApp(dialect, { media: {} });
    await loadDemoIfEmpty(t.store, t.clock);
    await t.services.news.create({ ...articleInput('en', 'Quantum sensors', '2024-02-01T00:00:00.000Z'), slug: 'quantum-sensors' });
  });
  afterEach(() => t.close());

  it('are on every kind of answer: pages, feeds, assets, files, the API, the workspace, redirects and errors', async () => {
    const call = await apiCallers(t, ['administrator']);
    await t.services.auth.addUser({ name: 'editor', role: 'editor', password: TEST_PASSWORD });
    const browser = await browserFor(t, 'editor');
    const upload = fx.multipart([['alt', 'A pixel'], ['file', { filename: 'logo.png', data: await fx.transparentPng(), type: 'image/png' }]]);
    const uploaded = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { authorization: `Bearer ${(await t.services.auth.createToken('editor')).token}`, 'content-type': upload.contentType }, payload: upload.payload });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const admin = (await t.services.auth.actorForToken((await t.services.auth.createToken('administrator')).token))!;
    await t.services.redirects.create(admin, { from: '/Html/Old.html', to: '/en/news/quantum-sensors', status: 301 }, async () => false);
    await t.services.redirects.create(admin, { from: '/Html/Closed.html', status: 410 }, async () => false);
    const mediaFile = (await t.services.media.get(admin, (uploaded.json() as { id: number }).id)).item.variants[0]!.path;

    const answers: [string, Promise<{ statusCode: number; headers: Headers }>][] = [
      ['root redirect', t.app.inject('/')],
      ['home', t.app.inject('/zh/')],
      ['article', t.app.inject('/en/news/quantum-sensors')],
      ['article again, from the page cache', t.app.inject('/en/news/quantum-sensors')],
      ['search results', t.app.inject('/en/search?q=quantum')],
      ['feed', t.app.inject('/en/feed.xml')],
      ['sitemap', t.app.inject('/sitemap.xml')],
      ['robots.txt', t.app.inject('/robots.txt')],
      ['stylesheet', t.app.inject(loadAssets().site.css)],
      ['script', t.app.inject(loadAssets().site.reader)],
      ['library file', t.app.inject(`/media/${mediaFile}`)],
      ['display switch', t.app.inject('/display?mode=elder&back=/en/')],
      ['old address', t.app.inject('/Html/Old.html')],
      ['gone address', t.app.inject('/Html/Closed.html')],
      ['not found', t.app.inject('/en/nowhere')],
      ['undecodable address', t.app.inject('/en/%')],
      ['health', t.app.inject('/healthz')],
      ['readiness', t.app.inject('/readyz')],
      ['API list', t.app.inject('/api/v1/articles')],
      ['API description', t.app.inject('/api/v1/openapi.json')],
      ['API not found', t.app.inject('/api/v1/nothing')],
      ['API refused without a token', t.app.inject({ method: 'POST', url: '/api/v1/articles', payload: {} })],
      ['API malformed JSON', t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: { 'content-type': 'application/json', authorization: 'Bearer nonsense' }, payload: '{"title":' })],
      ['API invalid body', call('administrator', 'POST', '/api/v1/articles', { lang: 'xx' })],
      ['sign-in page', t.app.inject('/admin/login')],
      ['workspace without a session', t.app.inject('/admin')],
      ['form without its CSRF token', t.app.inject({ method: 'POST', url: '/admin/logout', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' })],
      ['workspace', browser.get('/admin')],
      ['editor', browser.get('/admin/articles/new')],
    ];
    for (const [what, answer] of answers) {
      const res = await answer;
      expect(res.statusCode, what).toBeLessThan(500);
      expectStrictPolicy(res.headers, what);
      // The site's address is https:// (a proxy ends TLS): HSTS on everything.
      expect(res.headers['strict-transport-security'], what).toMatch(/^max-age=\d{8}/);
    }
    // What a shared cache (a CDN) may keep of the API: public answers, never one given to a caller with credentials.
    expect((await t.app.inject('/api/v1/articles')).headers['cache-control']).toMatch(/^public, max-age=60/);
    expect((await t.app.inject('/api/v1/articles/999999')).headers['cache-control']).toBe('no-store');
    for (const res of [await call('administrator', 'GET', '/api/v1/articles'), await call('administrator', 'GET', '/api/v1/me'), await browser.get('/api/v1/me')])
      expect(res.headers['cache-control']).toBe('private, no-store');
    // A library file gets a policy of its own: nothing in it runs.
    expect((await t.app.inject(`/media/${mediaFile}`)).headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
  });

  it('let exactly the scripts the pages name run: each script tag carries the hash the policy lists', async () => {
    const pages = ['/en/news/quantum-sensors', '/en/search', '/zh/search?q=量子'];
    const policy = directives((await t.app.inject('/en/')).headers['content-security-policy'] as string);
    const allowed = new Set(policy.get('script-src'));
    const assets = loadAssets().files.filter((a) => a.path.endsWith('.js'));
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const a of assets) expect(allowed, a.path).toContain(`'${a.integrity}'`);
    let tags = 0;
    for (const url of pages) {
      const body = (await t.app.inject(url)).body;
      for (const tag of body.match(/<script\b[^>]*>/g) ?? []) {
        if (/type="application\/ld\+json"/.test(tag)) continue;
        tags++;
        const [, src, integrity] = /src="([^"]+)" integrity="([^"]+)"/.exec(tag) ?? [];
        expect(src, `${url}: ${tag}`).toBeDefined();
        expect(assets.find((a) => a.path === src)?.integrity, tag).toBe(integrity);
        expect(allowed, tag).toContain(`'${integrity}'`);
      }
      // No inline handlers or javascript: addresses, which the policy would refuse anyway.
      expect(body, url).not.toMatch(/\son[a-z]+=|javascript:/i);
    }
    expect(tags).toBeGreaterThanOrEqual(3);
  });

  it('no answer to a failure shows a stack trace, a file of the program or SQL', async () => {
    const browser = await browserFor(t, (await t.services.auth.addUser({ name: 'ed', role: 'editor', password: TEST_PASSWORD })).name);
    // The store breaks under the running site: a table its queries need is gone.
    // (Renaming a table is DDL other workers' migrations must not see halfway: see withSchemaLock.)
    await withSchemaLock(dialect, 'exclusive', () => sql`ALTER TABLE article RENAME TO article_moved`.execute(t.store.db));
    const answers = [
      ['article', await t.app.inject('/en/news/quantum-sensors')],
      ['news list', await t.app.inject('/en/news/')],
      ['API list', await t.app.inject('/api/v1/articles')],
      ['API item', await t.app.inject('/api/v1/articles/1')],
      ['workspace list', await browser.get('/admin/articles')],
      ['search', await t.app.inject('/en/search?q=sensors')],
    ] as const;
    let failures = 0;
    for (const [what, res] of answers) {
      if (res.statusCode >= 500) failures++;
      expect(res.body, what).not.toMatch(/\bat [\w.<>]+ \(|node:internal|\/src\/|\.ts:\d+|\.js:\d+|SqliteError|sqlite|postgres|relation|SELECT|FROM\s+"?\w|article_moved|no such table|stack/i);
      expectStrictPolicy(res.headers, what);
    }
    // The failure did happen (else the test proves nothing).
    expect(failures).toBeGreaterThanOrEqual(3);
    await withSchemaLock(dialect, 'exclusive', () => sql`ALTER TABLE article_moved RENAME TO article`.execute(t.store.db));
  });

  it('every route the app registered is covered by the headers hook (none answers before it)', async () => {
    // The headers are set in the app's first hooks; a route plugin registered with its own
    // onRequest that answered early would escape them. Each GET route answers with them.
    const routes = registeredRoutes(t.app).filter((r) => r.method === 'GET' && !r.url.includes('*'));
    expect(routes.length).toBeGreaterThan(30);
    for (const r of routes) {
      const url = r.url.replace(/:(\w+)/g, (_m, name: string) => (name === 'lang' ? 'en' : name.endsWith('d') || name === 'page' ? '1' : 'x'));
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBeLessThan(500);
      expectStrictPolicy(res.headers, url);
    }
  });
});

describe.each(testDialects())('HSTS on %s', (dialect) => {
  it('is sent over HTTPS only: not to a plain-HTTP site, yes when the proxy says the request came over HTTPS', async () => {
    const t = await testApp(dialect, { baseUrl: 'http://localhost:3000', trustProxy: true });
    try {
      const plain = await t.app.inject('/en/');
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      expectStrictPolicy(plain.headers, 'plain');
      for (const url of ['/en/', '/en/', '/api/v1/articles', '/en/nowhere']) {
        const tls = await t.app.inject({ url, headers: { 'x-forwarded-proto': 'https' } });
        expect(tls.headers['strict-transport-security'], url).toMatch(/^max-age=31536000/);
      }
    } finally {
      await t.close();
    }
    // Without trustProxy, the header a client sends is not believed.
    const untrusting = await testApp(dialect, { baseUrl: 'http://localhost:3000' });
    try {
      expect((await untrusting.app.inject({ url: '/en/', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await untrusting.close();
    }
  });
});

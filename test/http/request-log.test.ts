// The request log as an operator reads it: JSON lines that each name their request (the id the
// response carries too), and that never hold a password, token, cookie or code sent in a request.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE_URL, browserFor, testApp, TEST_PASSWORD } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

describe.each(testDialects())('the request log on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let lines: string[];
  let ed: { id: number; name: string; role: 'administrator'; locale: 'zh' | 'en' };
  const capture = { write: (line: string) => void lines.push(...line.split('\n').filter(Boolean)) };

  beforeEach(async () => {
    lines = [];
    t = await testApp(dialect, {
      log: capture,
      // An unexpected failure, as a driver's error quoting the values it was given would make it.
      extraRoutes: async (app) => {
        app.post('/api/v1/test-failure', async (req) => {
          throw new Error(`insert failed for ${JSON.stringify(req.body)}: password=${(req.body as { password: string }).password}`);
        });
      },
    });
    const u = await t.services.auth.addUser({ name: 'ed', role: 'administrator', password: TEST_PASSWORD });
    ed = { id: u.id, name: u.name, role: 'administrator', locale: u.locale };
    lines = []; // what building the app said, before any request
  });
  afterEach(() => t.close());

  it('gives every line of a request its id, echoed in X-Request-Id, and leaves every secret out', async () => {
    const secrets: string[] = [TEST_PASSWORD];
    const browser = await browserFor(t, 'ed');
    secrets.push(browser.csrf(), ...browser.cookie().split('; ').map((c) => c.split('=')[1]!));
    const made = await browser.post('/admin/account/tokens', { label: 'from the form' });
    expect(made.statusCode).toBe(201);

    const wrong = 'Wrong-Password-Guess-77';
    const totp = '908172';
    secrets.push(wrong, totp);
    const login = await t.app.inject('/admin/login');
    const loginToken = login.body.match(/name="_login" value="([^"]+)"/)![1]!;
    const loginCookie = [login.headers['set-cookie']].flat()[0]!.split(';')[0]!;
    secrets.push(loginToken, loginCookie.split('=')[1]!);
    await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { cookie: loginCookie, origin: BASE_URL, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _login: loginToken, name: 'ed', password: wrong, totp }).toString(),
    });

    const { token: apiToken } = await t.services.auth.createToken('ed');
    secrets.push(apiToken);
    expect((await t.app.inject({ url: '/api/v1/articles', headers: { authorization: `Bearer ${apiToken}` } })).statusCode).toBe(200);
    const forged = 'bgt_forged-token-that-does-not-exist-0123456789';
    secrets.push(forged);
    expect((await t.app.inject({ url: '/api/v1/articles', headers: { authorization: `Bearer ${forged}` } })).statusCode).toBe(401);

    const article = await t.services.news.create({ lang: 'en', title: 'Draft', body: { type: 'doc', content: [] }, status: 'draft', publishedAt: null });
    const { token: preview } = await t.services.newsWorkflow.createPreviewLink(ed, article.id);
    secrets.push(preview);
    await t.app.inject(`/preview/${preview}`);
    const resetToken = 'reset-token-Zx81Qp0vLm3';
    secrets.push(resetToken);
    await t.app.inject(`/admin/reset?token=${resetToken}&lang=en`);
    await t.app.inject(`/en/search?q=academy&access_token=${resetToken}`);

    const bodyPassword = 'Body-Password-Secret-55';
    secrets.push(bodyPassword);
    const broken = await t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' }, payload: `{"password":"${bodyPassword}", ` });
    expect(broken.statusCode).toBe(400);
    const failed = await t.app.inject({ method: 'POST', url: '/api/v1/test-failure', headers: { 'content-type': 'application/json' }, payload: { password: bodyPassword, csrf_token: browser.csrf() } });
    expect(failed.statusCode).toBe(500);
    expect(failed.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    expect(lines.length).toBeGreaterThan(20);
    const entries = lines.map((l) => JSON.parse(l) as { reqId?: string; msg?: string; err?: unknown });
    for (const [i, entry] of entries.entries()) expect(entry.reqId, lines[i]).toMatch(/\S/);
    const failure = entries.find((e) => e.msg === 'unhandled error');
    expect(failure?.reqId).toBe(failed.headers['x-request-id']);
    expect(JSON.stringify(failure?.err)).toContain('insert failed');
    const log = lines.join('\n');
    for (const secret of secrets) expect(secret.length > 5 && log.includes(secret), `"${secret}" is in the log`).toBe(false);
  });

  it('takes a sane X-Request-Id only from a trusted proxy', async () => {
    const sent = (await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'proxy-id-1' } })).headers['x-request-id'];
    expect(sent).not.toBe('proxy-id-1');
    const proxied = await testApp(dialect, { log: capture, trustProxy: true });
    try {
      expect((await proxied.app.inject({ url: '/healthz', headers: { 'x-request-id': 'proxy-id-1' } })).headers['x-request-id']).toBe('proxy-id-1');
      const odd = (await proxied.app.inject({ url: '/healthz', headers: { 'x-request-id': 'two words"}' } })).headers['x-request-id'];
      expect(odd).toMatch(/^[0-9a-f-]{36}$/);
      expect(lines.some((l) => JSON.parse(l).reqId === 'proxy-id-1')).toBe(true);
    } finally {
      await proxied.close();
    }
  });
});

// Signing in to the workspace through HTTP: cookies, CSRF, roles, tokens, throttling.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE_URL, testApp } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

const PASSWORD = 'correct horse battery staple';
/** BASE_URL is https: the session cookie carries the __Host- prefix. */
const SESSION = '__Host-beiguan_session';

type App = Awaited<ReturnType<typeof testApp>>;

/** Cookies from Set-Cookie headers, as a browser would keep them. */
function cookiesFrom(res: { headers: Record<string, unknown> }, jar: Record<string, string> = {}) {
  const raw = res.headers['set-cookie'];
  for (const c of Array.isArray(raw) ? raw : raw ? [raw] : []) {
    const [pair] = String(c).split(';');
    const [name, ...value] = pair!.split('=');
    if (value.join('=') === '') delete jar[name!];
    else jar[name!] = value.join('=');
  }
  return jar;
}
const cookieHeader = (jar: Record<string, string>) => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');

async function signIn(t: App, name: string, password = PASSWORD, origin = BASE_URL, extra: Record<string, string> = {}) {
  const form = await t.app.inject('/admin/login');
  const jar = cookiesFrom(form);
  const loginToken = form.body.match(/name="_login" value="([^"]+)"/)![1]!;
  const res = await t.app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { origin, cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded', ...extra },
    payload: new URLSearchParams({ _login: loginToken, name, password }).toString(),
  });
  return { res, jar: cookiesFrom(res, jar) };
}

describe.each(testDialects())('workspace sign-in on %s', (dialect) => {
  let t: App;
  beforeEach(async () => {
    t = await testApp(dialect);
    await t.services.auth.addUser({ name: 'alice', role: 'administrator', password: PASSWORD, locale: 'en' });
    await t.services.auth.addUser({ name: 'eddie', role: 'editor', password: PASSWORD, locale: 'zh' });
  });
  afterEach(() => t.close());

  it('sends visitors who are not signed in to the sign-in form', async () => {
    const res = await t.app.inject('/admin');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/login');
  });

  it('signs in with a fresh HttpOnly, SameSite=Lax session cookie and shows the dashboard', async () => {
    const { res, jar } = await signIn(t, 'alice');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin');
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as string[]).find((c) => c.startsWith(`${SESSION}=`))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\/;.*Secure/);
    const dash = await t.app.inject({ url: '/admin', headers: { cookie: cookieHeader(jar) } });
    expect(dash.statusCode).toBe(200);
    expect(dash.headers['cache-control']).toBe('no-store');
    expect(dash.body).toContain('Hello, alice');
    const second = await signIn(t, 'alice');
    expect(second.jar[SESSION]).toBeDefined();
    expect(second.jar[SESSION]).not.toBe(jar[SESSION]);
  });

  it('uses a plain cookie, not marked Secure, when the site is served over plain HTTP', async () => {
    const http = await testApp(dialect, { baseUrl: 'http://localhost:3000' });
    try {
      await http.services.auth.addUser({ name: 'alice', role: 'administrator', password: PASSWORD });
      const { res, jar } = await signIn(http, 'alice', PASSWORD, 'http://localhost:3000');
      const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as string[]).join('\n');
      expect(setCookie).toMatch(/(^|\n)beiguan_session=[^;]+;.*HttpOnly/);
      expect(setCookie).not.toMatch(/Secure/);
      expect((await http.app.inject({ url: '/admin', headers: { cookie: cookieHeader(jar) } })).statusCode).toBe(200);
    } finally {
      await http.close();
    }
  });

  it('refuses a sign-in from another origin and state changes without the CSRF token', async () => {
    const forged = await signIn(t, 'alice', PASSWORD, 'https://evil.example');
    expect(forged.res.statusCode).toBe(403);
    expect(forged.jar[SESSION]).toBeUndefined();
    const { jar } = await signIn(t, 'alice');
    const headers = { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' };
    const noToken = await t.app.inject({ method: 'POST', url: '/admin/users/eddie/disable', headers: { ...headers, origin: BASE_URL }, payload: '' });
    expect(noToken.statusCode).toBe(403);
    const page = await t.app.inject({ url: '/admin/users', headers });
    const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const otherSite = await t.app.inject({ method: 'POST', url: '/admin/users/eddie/disable', headers: { ...headers, origin: 'https://evil.example' }, payload: `_csrf=${csrf}` });
    expect(otherSite.statusCode).toBe(403);
    expect((await t.services.auth.getUser('eddie')).disabledAt).toBeNull();
    const ok = await t.app.inject({ method: 'POST', url: '/admin/users/eddie/disable', headers: { ...headers, origin: BASE_URL }, payload: `_csrf=${csrf}` });
    expect(ok.statusCode).toBe(303);
    expect((await t.services.auth.getUser('eddie')).disabledAt).not.toBeNull();
  });

  it('ends the session at logout and when the account is disabled', async () => {
    const { jar } = await signIn(t, 'eddie');
    const cookie = cookieHeader(jar);
    expect((await t.app.inject({ url: '/admin', headers: { cookie } })).statusCode).toBe(200);
    await t.services.auth.disableUser('eddie');
    expect((await t.app.inject({ url: '/admin', headers: { cookie } })).statusCode).toBe(303);

    const alice = await signIn(t, 'alice');
    const aliceCookie = cookieHeader(alice.jar);
    const dash = await t.app.inject({ url: '/admin', headers: { cookie: aliceCookie } });
    const csrf = dash.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const out = await t.app.inject({ method: 'POST', url: '/admin/logout', headers: { cookie: aliceCookie, origin: BASE_URL, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${csrf}` });
    expect(out.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/admin', headers: { cookie: aliceCookie } })).statusCode).toBe(303);
  });

  it('keeps the accounts screen and the audit log to administrators, in the user\'s language', async () => {
    const { jar } = await signIn(t, 'eddie');
    const cookie = cookieHeader(jar);
    const dash = await t.app.inject({ url: '/admin', headers: { cookie } });
    expect(dash.body).toContain('<html lang="zh-CN"');
    expect(dash.body).not.toContain('href="/admin/users"');
    expect((await t.app.inject({ url: '/admin/users', headers: { cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/admin/audit', headers: { cookie } })).statusCode).toBe(403);
    const admin = cookieHeader((await signIn(t, 'alice')).jar);
    const audit = await t.app.inject({ url: '/admin/audit?action=login', headers: { cookie: admin } });
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain('eddie');
  });

  it('says the same for an unknown account and a wrong password, then throttles', async () => {
    const unknown = await signIn(t, 'nobody', PASSWORD);
    const wrong = await signIn(t, 'alice', 'not the right password');
    expect(unknown.res.statusCode).toBe(401);
    expect(wrong.res.statusCode).toBe(401);
    const text = (body: string) => body.match(/role="alert">([^<]+)</)?.[1];
    expect(text(unknown.res.body)).toBe(text(wrong.res.body));
    for (let i = 0; i < 4; i++) await signIn(t, 'alice', 'not the right password');
    const throttled = await signIn(t, 'alice', PASSWORD);
    expect(throttled.res.statusCode).toBe(429);
    expect(Number(throttled.res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('ignores a forged X-Forwarded-For when no proxy is trusted', async () => {
    await signIn(t, 'alice', 'wrong password number one', BASE_URL, { 'x-forwarded-for': '203.0.113.9' });
    const [entry] = await t.services.auth.listAudit({ action: 'login.failed', limit: 1, offset: 0 });
    expect(entry?.clientAddress).not.toBe('203.0.113.9');
  });

  it('lets scripts act with an API token, and not once it is revoked', async () => {
    const { id, token } = await t.services.auth.createToken('eddie', 'ci');
    const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toEqual({ name: 'eddie', role: 'editor', locale: 'zh' });
    expect((await t.app.inject('/api/v1/me')).statusCode).toBe(401);
    await t.services.auth.revokeToken(id);
    const after = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('TOKEN_INVALID');
  });

  it('lets an administrator reset a password from the accounts screen, ending that account\'s sessions', async () => {
    const eddie = await signIn(t, 'eddie');
    const { jar } = await signIn(t, 'alice');
    const headers = { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded', origin: BASE_URL };
    const page = await t.app.inject({ url: '/admin/users', headers });
    const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const weak = await t.app.inject({ method: 'POST', url: '/admin/users/eddie/password', headers, payload: new URLSearchParams({ _csrf: csrf, password: 'password1234' }).toString() });
    expect(weak.statusCode).toBe(400);
    const ok = await t.app.inject({ method: 'POST', url: '/admin/users/eddie/password', headers, payload: new URLSearchParams({ _csrf: csrf, password: 'a brand new long passphrase' }).toString() });
    expect(ok.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/admin', headers: { cookie: cookieHeader(eddie.jar) } })).statusCode).toBe(303);
    expect((await signIn(t, 'eddie', 'a brand new long passphrase')).res.statusCode).toBe(303);
  });
});

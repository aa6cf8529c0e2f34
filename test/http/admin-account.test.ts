// One's own account in the workspace: language, password, the second factor and API tokens.
import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserFor, testApp, TEST_PASSWORD } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

type App = Awaited<ReturnType<typeof testApp>>;
const codeFor = (secret: string, at: Date) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });
const secretOn = (html: string) => html.match(/name="secret" value="([A-Z2-7]{32})"/)?.[1];

describe.each(testDialects())('my account on %s', (dialect) => {
  let t: App;
  beforeEach(async () => {
    t = await testApp(dialect);
    await t.services.auth.addUser({ name: 'carol', role: 'contributor', password: TEST_PASSWORD, locale: 'en' });
    await t.services.auth.addUser({ name: 'admin', role: 'administrator', password: TEST_PASSWORD, locale: 'en' });
  });
  afterEach(() => t.close());

  it('switches the workspace language for that person only', async () => {
    const carol = await browserFor(t, 'carol');
    expect((await carol.get('/admin/account')).body).toContain('My account');
    expect((await carol.post('/admin/account/locale', { locale: 'zh' })).statusCode).toBe(303);
    expect((await carol.get('/admin/account')).body).toContain('我的账号');
    expect((await carol.post('/admin/account/locale', { locale: 'fr' })).statusCode).toBe(400);
    expect((await t.services.auth.getUser('admin')).locale).toBe('en');
  });

  it('turns on a second factor only once the authenticator shows the right code, then asks for it at sign-in', async () => {
    const carol = await browserFor(t, 'carol');
    const page = await carol.get('/admin/account?enrol=totp');
    expect(page.body).toMatch(/<img class="qr" src="data:image\/png;base64,/);
    const secret = secretOn(page.body)!;
    // A wrong code keeps the same secret on screen and saves nothing.
    const wrong = await carol.post('/admin/account/totp', { secret, code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(secretOn(wrong.body)).toBe(secret);
    expect((await t.services.auth.getUser('carol')).hasTotp).toBe(false);

    const ok = await carol.post('/admin/account/totp', { secret, code: codeFor(secret, t.clock.now()) });
    expect(ok.statusCode).toBe(303);
    expect((await t.services.auth.getUser('carol')).hasTotp).toBe(true);
    await expect(t.services.auth.login({ name: 'carol', password: TEST_PASSWORD, clientAddress: null })).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
    await expect(t.services.auth.login({ name: 'carol', password: TEST_PASSWORD, totp: codeFor(secret, t.clock.now()), clientAddress: null })).resolves.toBeDefined();
    const audit = await t.services.auth.listAudit({ action: 'user.totp', limit: 5, offset: 0 });
    expect(audit).toHaveLength(1);
  });

  it('turns the factor off with the password, and lets an administrator reset it for a lost phone', async () => {
    const carol = await browserFor(t, 'carol');
    const secret = secretOn((await carol.get('/admin/account?enrol=totp')).body)!;
    await carol.post('/admin/account/totp', { secret, code: codeFor(secret, t.clock.now()) });
    expect((await carol.post('/admin/account/totp/remove', { currentPassword: 'not the password!' })).statusCode).toBe(400);
    expect((await t.services.auth.getUser('carol')).hasTotp).toBe(true);
    expect((await carol.post('/admin/account/totp/remove', { currentPassword: TEST_PASSWORD })).statusCode).toBe(303);
    expect((await t.services.auth.getUser('carol')).hasTotp).toBe(false);

    await t.services.auth.confirmTotp({ id: (await t.services.auth.getUser('carol')).id, name: 'carol', role: 'contributor', locale: 'en' }, secret, codeFor(secret, t.clock.now()));
    const admin = await browserFor(t, 'admin');
    await admin.get('/admin/users');
    expect((await admin.post('/admin/users/carol/totp-reset', {})).statusCode).toBe(303);
    expect((await t.services.auth.getUser('carol')).hasTotp).toBe(false);
    // Only administrators reset other people's factors.
    const other = await browserFor(t, 'carol');
    expect((await other.post('/admin/users/admin/totp-reset', {})).statusCode).toBe(403);
  });

  it('changes the password with the current one and ends every session', async () => {
    const carol = await browserFor(t, 'carol');
    const elsewhere = await browserFor(t, 'carol');
    expect((await carol.post('/admin/account/password', { currentPassword: 'wrong wrong wrong', password: 'a brand new passphrase 42' })).statusCode).toBe(400);
    expect((await carol.post('/admin/account/password', { currentPassword: TEST_PASSWORD, password: 'short' })).statusCode).toBe(400);
    const changed = await carol.post('/admin/account/password', { currentPassword: TEST_PASSWORD, password: 'a brand new passphrase 42' });
    expect(changed.headers.location).toBe('/admin/login?done=password');
    expect((await elsewhere.get('/admin')).statusCode).toBe(303);
    await expect(browserFor(t, 'carol')).rejects.toThrow();
    await expect(browserFor(t, 'carol', 'a brand new passphrase 42')).resolves.toBeDefined();
  });

  it('creates API tokens shown once, and revokes one\'s own but not someone else\'s', async () => {
    const carol = await browserFor(t, 'carol');
    const created = await carol.post('/admin/account/tokens', { label: 'nightly import' });
    expect(created.statusCode).toBe(201);
    const token = created.body.match(/<code class="secret">(bg_[^<]+)<\/code>/)![1]!;
    expect((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await carol.get('/admin/account')).body).not.toContain(token);
    expect((await carol.post('/admin/account/tokens', { label: '  ' })).statusCode).toBe(400);

    const { id: adminToken } = await t.services.auth.createToken('admin', 'backup');
    expect((await carol.post(`/admin/account/tokens/${adminToken}/revoke`, {})).statusCode).toBe(404);
    const [mine] = await t.services.auth.listTokens((await t.services.auth.getUser('carol')).id);
    expect((await carol.post(`/admin/account/tokens/${mine!.id}/revoke`, {})).statusCode).toBe(303);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await t.services.auth.listTokens()).find((x) => x.id === adminToken)?.revokedAt).toBeNull();
  });

  it('lists accounts 25 to a page, with search, role and state filters and sorting', async () => {
    for (let i = 1; i <= 30; i++) await t.services.auth.addUser({ name: `writer${String(i).padStart(2, '0')}`, role: i % 3 === 0 ? 'editor' : 'contributor', password: TEST_PASSWORD, displayName: i === 7 ? '王编辑' : undefined });
    await t.services.auth.disableUser('writer05');
    const admin = await browserFor(t, 'admin');
    const names = async (q: string) => [...(await admin.get(`/admin/users?${q}`)).body.matchAll(/<th scope="row">([^<]+)<\/th>/g)].map((m) => m[1]);
    const first = await names('');
    expect(first).toHaveLength(25);
    expect(first.slice(0, 3)).toEqual(['admin', 'carol', 'writer01']);
    expect(await names('page=2')).toEqual(['writer24', 'writer25', 'writer26', 'writer27', 'writer28', 'writer29', 'writer30']);
    expect(await names(`q=${encodeURIComponent('王编辑')}`)).toEqual(['writer07']);
    expect(await names('role=editor')).toEqual(['writer03', 'writer06', 'writer09', 'writer12', 'writer15', 'writer18', 'writer21', 'writer24', 'writer27', 'writer30']);
    expect(await names('state=disabled')).toEqual(['writer05']);
    expect((await names('sort=role'))[0]).toBe('admin');
  });
});

// Accounts, login, throttling, sessions, the MLPS profile, TOTP and API tokens, on every store.
import { TOTP, URI } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import { DEFAULT_AUTH_POLICY, type AuthPolicy } from '../../src/people/index.js';
import { freshStore, TEST_NOW, testDialects, manualClock } from '../helpers/store.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Cheap hashing for tests; one test below checks the real cost. */
const FAST: AuthPolicy = { ...DEFAULT_AUTH_POLICY, scryptN: 2 ** 10 };
const PASSWORD = 'Violet-Harbour-Lamp-42';
const OTHER_PASSWORD = 'Granite+Orchard+Kettle-9';
const ADDRESS = '198.51.100.7';

describe.each(testDialects())('accounts and sign-in on %s', (dialect) => {
  let store: Store;
  let clock: ReturnType<typeof manualClock>;
  let services: Services;
  const withPolicy = (policy: Partial<AuthPolicy>) => createServices(store.db, clock, { ...FAST, ...policy }).auth;
  const auth = () => services.auth;
  const login = (name: string, password = PASSWORD, extra: { totp?: string; clientAddress?: string } = {}) =>
    auth().login({ name, password, clientAddress: ADDRESS, ...extra });

  beforeEach(async () => {
    store = await freshStore(dialect);
    clock = manualClock();
    services = createServices(store.db, clock, FAST);
  });
  afterEach(() => store.close());

  describe('accounts and password rules', () => {
    it('adds an account with a normalised name, hashes with OWASP scrypt parameters by default', async () => {
      const real = createServices(store.db, clock).auth;
      const user = await real.addUser({ name: ' Alice ', role: 'editor', email: 'alice@bjast.example', password: PASSWORD });
      expect(user).toMatchObject({ name: 'alice', role: 'editor', email: 'alice@bjast.example', hasTotp: false, disabledAt: null, passwordChangedAt: TEST_NOW });
      const row = await store.db.selectFrom('app_user').select('password_hash').where('name', '=', 'alice').executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(row.password_hash).not.toContain(PASSWORD);
      // The cost is read from the stored hash, so cheaper services still verify it.
      expect((await login('alice')).user.name).toBe('alice');
      expect((await auth().getUser('ALICE')).id).toBe(user.id);
    });

    it('refuses short passwords, common ones from the published list, and ones containing the account name', async () => {
      const add = (password: string, name = 'alice') => auth().addUser({ name, role: 'editor', password });
      await expect(add('Sh0rt!pass')).rejects.toMatchObject({ code: 'PASSWORD_TOO_SHORT' });
      await expect(add('x9$Lk2#mQ7v')).rejects.toMatchObject({ code: 'PASSWORD_TOO_SHORT' }); // 11 characters
      for (const common of ['password1234', 'qwertyuiop123', 'Password1234!', 'iloveyou2024!!', 'aaaaaaaaaaaaaaaa'])
        await expect(add(common), common).rejects.toMatchObject({ code: 'PASSWORD_TOO_COMMON' });
      await expect(add('my-alice-is-12345', 'alice')).rejects.toMatchObject({ code: 'PASSWORD_CONTAINS_NAME' });
      expect(await auth().listUsers()).toEqual([]);
      await expect(add('x9$Lk2#mQ7vZ')).resolves.toMatchObject({ name: 'alice' }); // exactly 12
      await expect(auth().setPassword('alice', 'qwertyuiop123')).rejects.toMatchObject({ code: 'PASSWORD_TOO_COMMON' });
    });

    it('refuses bad names, roles, e-mail addresses and taken names', async () => {
      await expect(auth().addUser({ name: 'a', role: 'editor', password: PASSWORD })).rejects.toMatchObject({ code: 'USER_NAME_INVALID' });
      await expect(auth().addUser({ name: '1abc', role: 'editor', password: PASSWORD })).rejects.toMatchObject({ code: 'USER_NAME_INVALID' });
      await expect(auth().addUser({ name: 'bob', role: 'root', password: PASSWORD })).rejects.toMatchObject({ code: 'USER_ROLE_INVALID' });
      await expect(auth().addUser({ name: 'bob', role: 'editor', email: 'not-an-address', password: PASSWORD })).rejects.toMatchObject({ code: 'USER_EMAIL_INVALID' });
      await auth().addUser({ name: 'bob', role: 'editor', password: PASSWORD });
      await expect(auth().addUser({ name: 'Bob', role: 'publisher', password: PASSWORD })).rejects.toMatchObject({ code: 'USER_NAME_TAKEN' });
      await expect(auth().disableUser('nobody')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    });
  });

  describe('sessions', () => {
    beforeEach(async () => {
      await auth().addUser({ name: 'alice', role: 'editor', password: PASSWORD });
    });

    it('gives a random 256-bit token, stored only as a hash', async () => {
      const a = await login('alice');
      const b = await login('alice');
      expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(a.token).not.toBe(b.token);
      const rows = await store.db.selectFrom('user_session').selectAll().execute();
      expect(rows).toHaveLength(2);
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(a.token);
      expect(stored).not.toContain(b.token);
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
      expect((await auth().resumeSession(a.token))?.actor).toMatchObject({ name: 'alice', role: 'editor' });
      expect(await auth().resumeSession('not-a-session')).toBeUndefined();
    });

    it('ends a session idle for 30 minutes; activity keeps it alive', async () => {
      const { token } = await login('alice');
      clock.advance(29 * MINUTE);
      expect(await auth().resumeSession(token)).toBeDefined();
      clock.advance(29 * MINUTE);
      expect(await auth().resumeSession(token)).toBeDefined();
      clock.advance(31 * MINUTE);
      expect(await auth().resumeSession(token)).toBeUndefined();
      expect(await store.db.selectFrom('user_session').selectAll().execute()).toEqual([]);
    });

    it('ends every session after 12 hours, however active', async () => {
      const { token } = await login('alice');
      for (let i = 0; i < 35; i++) {
        clock.advance(20 * MINUTE);
        expect(await auth().resumeSession(token), `after ${(i + 1) * 20} minutes`).toBeDefined();
      }
      clock.advance(19 * MINUTE); // 11 h 59 min
      expect(await auth().resumeSession(token)).toBeDefined();
      clock.advance(MINUTE);
      expect(await auth().resumeSession(token)).toBeUndefined();
    });

    it('takes the idle and absolute limits from the policy', async () => {
      const short = withPolicy({ sessionIdleMinutes: 5, sessionMaxHours: 1 });
      const idle = await short.login({ name: 'alice', password: PASSWORD, clientAddress: ADDRESS });
      clock.advance(6 * MINUTE);
      expect(await short.resumeSession(idle.token)).toBeUndefined();
      const busy = await short.login({ name: 'alice', password: PASSWORD, clientAddress: ADDRESS });
      for (let i = 0; i < 14; i++) {
        clock.advance(4 * MINUTE);
        expect(await short.resumeSession(busy.token)).toBeDefined();
      }
      clock.advance(4 * MINUTE); // 60 minutes
      expect(await short.resumeSession(busy.token)).toBeUndefined();
    });

    it('ends the session at logout', async () => {
      const { token } = await login('alice');
      const other = await login('alice');
      await auth().logout(token, ADDRESS);
      expect(await auth().resumeSession(token)).toBeUndefined();
      expect(await auth().resumeSession(other.token)).toBeDefined();
      await expect(auth().logout(token)).resolves.toBeUndefined();
    });

    it('ends every session of an account when its password is set', async () => {
      const { token } = await login('alice');
      await auth().setPassword('alice', OTHER_PASSWORD);
      expect(await auth().resumeSession(token)).toBeUndefined();
      await expect(login('alice')).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
      await expect(login('alice', OTHER_PASSWORD)).resolves.toBeDefined();
    });

    it('disabling an account ends its sessions and stops its tokens and logins', async () => {
      const { token } = await login('alice');
      const api = await auth().createToken('alice');
      expect(await auth().actorForToken(api.token)).toBeDefined();
      await auth().disableUser('alice');
      expect(await store.db.selectFrom('user_session').selectAll().execute()).toEqual([]);
      expect(await auth().resumeSession(token)).toBeUndefined();
      expect(await auth().actorForToken(api.token)).toBeUndefined();
      await expect(login('alice')).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
      expect((await auth().getUser('alice')).disabledAt).toBe(TEST_NOW);
      await auth().enableUser('alice');
      await expect(login('alice')).resolves.toBeDefined();
    });
  });

  describe('throttling', () => {
    beforeEach(async () => {
      await auth().addUser({ name: 'alice', role: 'editor', password: PASSWORD });
    });

    it('answers a wrong password and an unknown account alike', async () => {
      await expect(login('alice', OTHER_PASSWORD)).rejects.toMatchObject({ code: 'LOGIN_FAILED', kind: 'unauthenticated' });
      await expect(login('nobody')).rejects.toMatchObject({ code: 'LOGIN_FAILED', kind: 'unauthenticated' });
    });

    it('delays an account after 5 failures, longer after each further one, even for the right password', async () => {
      for (let i = 0; i < 5; i++) await expect(login('alice', OTHER_PASSWORD)).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
      await expect(login('alice')).rejects.toMatchObject({ code: 'LOGIN_THROTTLED', extra: { details: { retryAfterSeconds: 2 } } });
      // Another address makes no difference: the delay is the account's.
      await expect(login('alice', PASSWORD, { clientAddress: '203.0.113.1' })).rejects.toMatchObject({ code: 'LOGIN_THROTTLED' });
      clock.advance(2000);
      await expect(login('alice', OTHER_PASSWORD)).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
      await expect(login('alice')).rejects.toMatchObject({ code: 'LOGIN_THROTTLED', extra: { details: { retryAfterSeconds: 4 } } });
      clock.advance(3000);
      await expect(login('alice')).rejects.toMatchObject({ code: 'LOGIN_THROTTLED', extra: { details: { retryAfterSeconds: 1 } } });
      clock.advance(1000);
      const ok = await login('alice');
      expect(ok.user.name).toBe('alice');
      expect((await auth().getUser('alice')).failedLogins).toBe(0);
      // Success starts the count again: four failures are free once more.
      for (let i = 0; i < 4; i++) await expect(login('alice', OTHER_PASSWORD)).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
      await expect(login('alice')).resolves.toBeDefined();
    });

    it('throttles a client address that fails across many accounts', async () => {
      for (const name of ['bob', 'carol', 'dave']) await auth().addUser({ name, role: 'contributor', password: PASSWORD });
      const attempts = [...['bob', 'carol', 'dave'].flatMap((n) => [n, n, n, n]), ...Array.from({ length: 17 }, (_, i) => `ghost${i}`)];
      expect(attempts).toHaveLength(29);
      for (const name of attempts) await expect(login(name, OTHER_PASSWORD)).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
      await expect(login('alice')).resolves.toBeDefined(); // 29 failures are still allowed
      clock.advance(MINUTE);
      await expect(login('ghost-last', OTHER_PASSWORD)).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
      await expect(login('alice')).rejects.toMatchObject({ code: 'LOGIN_THROTTLED', extra: { details: { retryAfterSeconds: 14 * 60 } } });
      // Other addresses are not affected.
      await expect(login('alice', PASSWORD, { clientAddress: '203.0.113.1' })).resolves.toBeDefined();
      clock.advance(14 * MINUTE);
      await expect(login('alice')).resolves.toBeDefined();
    });

    it('writes the audit log: account created, login, failed login, disabled', async () => {
      await login('alice', PASSWORD, { clientAddress: '192.0.2.10' });
      await expect(login('alice', OTHER_PASSWORD, { clientAddress: '192.0.2.11' })).rejects.toThrow();
      await expect(login('nobody', OTHER_PASSWORD, { clientAddress: '192.0.2.12' })).rejects.toThrow();
      await auth().disableUser('alice', { id: 99, name: 'root', role: 'administrator', locale: 'en' });
      const entries = await auth().listAudit({ limit: 50, offset: 0 });
      const alice = (await auth().getUser('alice')).id;
      expect(entries.map((e) => e.action).sort()).toEqual(['login', 'login.failed', 'login.failed', 'user.create', 'user.disable']);
      expect(entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'user.create', entityType: 'user', entityId: alice, to: 'editor', actorName: null }),
          expect.objectContaining({ action: 'login', actorName: 'alice', clientAddress: '192.0.2.10', at: TEST_NOW }),
          expect.objectContaining({ action: 'login.failed', actorName: 'alice', clientAddress: '192.0.2.11', comment: 'password' }),
          expect.objectContaining({ action: 'login.failed', actorName: null, clientAddress: '192.0.2.12', comment: 'unknown account' }),
          expect.objectContaining({ action: 'user.disable', actorName: 'root', entityId: alice }),
        ]),
      );
      expect(JSON.stringify(entries)).not.toContain(OTHER_PASSWORD);
      expect(await auth().listAudit({ action: 'login.failed', limit: 50, offset: 0 })).toHaveLength(2);
    });
  });

  describe('TOTP', () => {
    const codeAt = (uri: string, at: Date) => (URI.parse(uri) as TOTP).generate({ timestamp: at.getTime() });

    it('is available to every account: required once enrolled, wrong codes refused', async () => {
      await auth().addUser({ name: 'carol', role: 'contributor', password: PASSWORD });
      const uri = await auth().enrolTotp('carol');
      expect(uri).toMatch(/^otpauth:\/\/totp\/Beiguan:carol\?/);
      expect((await auth().getUser('carol')).hasTotp).toBe(true);
      // Without the code the answer is the plain failure: nothing confirms the password was right.
      await expect(login('carol')).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
      const valid = new Set([-30_000, 0, 30_000].map((d) => codeAt(uri, new Date(clock.now().getTime() + d))));
      const wrong = ['123456', '654321', '111111', '999999'].find((c) => !valid.has(c))!;
      await expect(login('carol', PASSWORD, { totp: wrong })).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
      await expect(login('carol', OTHER_PASSWORD, { totp: codeAt(uri, clock.now()) })).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
      // A code from ten minutes ago is no longer valid.
      const stale = codeAt(uri, new Date(clock.now().getTime() - 10 * MINUTE));
      if (!valid.has(stale)) await expect(login('carol', PASSWORD, { totp: stale })).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
      const ok = await login('carol', PASSWORD, { totp: codeAt(uri, clock.now()) });
      expect(ok.user.name).toBe('carol');
      // The service's clock decides which code is current.
      clock.advance(DAY);
      await expect(login('carol', PASSWORD, { totp: codeAt(uri, clock.now()) })).resolves.toBeDefined();
    });
  });

  describe('the MLPS profile', () => {
    let mlps: Services['auth'];
    const mlpsLogin = (name: string, password = PASSWORD, totp?: string) => mlps.login({ name, password, totp, clientAddress: ADDRESS });
    beforeEach(() => {
      mlps = withPolicy({ mlps: true });
    });

    it('locks an account for 30 minutes after 5 failures, even for the right password', async () => {
      await mlps.addUser({ name: 'dave', role: 'editor', password: PASSWORD });
      for (let i = 0; i < 5; i++) await expect(mlpsLogin('dave', OTHER_PASSWORD)).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
      await expect(mlpsLogin('dave')).rejects.toMatchObject({ code: 'LOGIN_THROTTLED', extra: { details: { retryAfterSeconds: 30 * 60 } } });
      expect((await mlps.getUser('dave')).lockedUntil).toBe(new Date(Date.parse(TEST_NOW) + 30 * MINUTE).toISOString());
      clock.advance(29 * MINUTE);
      await expect(mlpsLogin('dave')).rejects.toMatchObject({ code: 'LOGIN_THROTTLED', extra: { details: { retryAfterSeconds: 60 } } });
      clock.advance(MINUTE);
      // Once the lock is over, one mistake does not lock the account again: the count starts afresh.
      await expect(mlpsLogin('dave', OTHER_PASSWORD)).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
      expect((await mlps.getUser('dave')).lockedUntil).toBeNull();
      await expect(mlpsLogin('dave')).resolves.toBeDefined();
      const after = await mlps.getUser('dave');
      expect([after.failedLogins, after.lockedUntil]).toEqual([0, null]);
    });

    it('expires passwords after 90 days; a new password lets the account in again', async () => {
      await mlps.addUser({ name: 'erin', role: 'publisher', password: PASSWORD });
      clock.advance(89 * DAY);
      await expect(mlpsLogin('erin')).resolves.toBeDefined();
      clock.advance(2 * DAY);
      await expect(mlpsLogin('erin')).rejects.toMatchObject({ code: 'PASSWORD_EXPIRED', kind: 'forbidden' });
      // Without the profile, passwords do not expire.
      await expect(login('erin')).resolves.toBeDefined();
      await mlps.setPassword('erin', OTHER_PASSWORD);
      await expect(mlpsLogin('erin', OTHER_PASSWORD)).resolves.toBeDefined();
    });

    it('requires administrators to have a second factor', async () => {
      await mlps.addUser({ name: 'root', role: 'administrator', password: PASSWORD });
      await expect(mlpsLogin('root')).rejects.toMatchObject({ code: 'TOTP_ENROLMENT_REQUIRED', kind: 'forbidden' });
      expect(await store.db.selectFrom('user_session').selectAll().execute()).toEqual([]);
      // Without the profile the same administrator may sign in with a password alone.
      await expect(login('root')).resolves.toBeDefined();
      // Other roles need no second factor under the profile.
      await mlps.addUser({ name: 'frank', role: 'publisher', password: PASSWORD });
      await expect(mlpsLogin('frank')).resolves.toBeDefined();
      const uri = await mlps.enrolTotp('root');
      const code = (URI.parse(uri) as TOTP).generate({ timestamp: clock.now().getTime() });
      await expect(mlpsLogin('root', PASSWORD, code)).resolves.toMatchObject({ user: { name: 'root', hasTotp: true } });
    });
  });

  describe('API tokens', () => {
    beforeEach(async () => {
      await auth().addUser({ name: 'alice', role: 'publisher', password: PASSWORD });
    });

    it('creates, lists, uses and revokes tokens, keeping only their hash', async () => {
      const { id, token } = await auth().createToken('alice', 'deploy');
      expect(token).toMatch(/^bg_[A-Za-z0-9_-]{43}$/);
      const rows = await store.db.selectFrom('api_token').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(JSON.stringify(rows)).not.toContain(token.slice(3));
      expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);

      clock.advance(MINUTE);
      expect(await auth().actorForToken(token)).toMatchObject({ name: 'alice', role: 'publisher' });
      expect(await auth().listTokens()).toEqual([
        { id, userId: expect.any(Number), userName: 'alice', label: 'deploy', createdAt: TEST_NOW, lastUsedAt: clock.now().toISOString(), revokedAt: null },
      ]);
      const alice = (await auth().getUser('alice')).id;
      expect(await auth().listTokens(alice)).toHaveLength(1);
      expect(await auth().listTokens(alice + 1000)).toEqual([]);

      expect(await auth().actorForToken(`${token}x`)).toBeUndefined();
      expect(await auth().actorForToken(token.slice(3))).toBeUndefined();
      const session = await login('alice');
      expect(await auth().actorForToken(session.token)).toBeUndefined();

      await auth().revokeToken(id);
      expect(await auth().actorForToken(token)).toBeUndefined();
      expect((await auth().listTokens())[0]!.revokedAt).toBe(clock.now().toISOString());
      await expect(auth().revokeToken(id)).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
      await expect(auth().revokeToken(id + 1000)).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
      await expect(auth().createToken('nobody')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
      const actions = (await auth().listAudit({ limit: 50, offset: 0 })).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['token.create', 'token.revoke']));
    });
  });
});

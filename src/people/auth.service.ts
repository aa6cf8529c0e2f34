// Accounts, login, sessions and API tokens. Knows nothing of HTTP: the caller passes the client
// address it trusts and gets tokens back to put in a cookie or print.
import { Secret, TOTP } from 'otpauth';
import type { Clock } from '../shared/clock.js';
import { newToken, sha256 } from '../shared/tokens.js';
import { AppError, invalid, notFound } from '../shared/errors.js';
import { isLang, type Lang } from '../shared/lang.js';
import { checkPasswordRules, hashPassword, verifyPassword } from './passwords.js';
import type { PeopleRepo, UserFilter } from './people.repo.js';
import { requireRole } from './permissions.js';
import type { PageRequest } from '../shared/page.js';
import { isRole, type Actor, type AuditEntry, type AuthPolicy, type Role, type User } from './people.types.js';

const NAME_PATTERN = /^[a-z][a-z0-9._-]{1,39}$/;
const FREE_FAILURES = 5;
const MAX_DELAY_SECONDS = 15 * 60;
const CLIENT_WINDOW_MINUTES = 15;
const CLIENT_MAX_FAILURES = 30;
const MLPS_LOCKOUT_MINUTES = 30;
const MLPS_PASSWORD_DAYS = 90;
/** Touching a session on every request would write on every request; once a minute is enough. */
const TOUCH_EVERY_MS = 60_000;

// Verifying against a real hash for unknown accounts keeps their timing like a wrong password's.
// One per cost, made once per process (serve makes it at start, so the first probe is not slower).
const decoys = new Map<number, Promise<string>>();
export function warmUpDecoy(n: number): Promise<string> {
  let decoy = decoys.get(n);
  if (!decoy) decoys.set(n, (decoy = hashPassword('not a password at all', n)));
  return decoy;
}


export const loginFailed = () => new AppError('unauthenticated', 'LOGIN_FAILED', 'Wrong account name or password', { isPublic: true });
const throttled = (retryAfterSeconds: number) =>
  new AppError('unauthenticated', 'LOGIN_THROTTLED', `Too many failed logins: try again in ${retryAfterSeconds} s`, {
    isPublic: true,
    details: { retryAfterSeconds },
  });
export const userNotFound = (name: string) => notFound('USER_NOT_FOUND', `No account named "${name}"`);

export interface LoginInput {
  name: string;
  password: string;
  totp?: string;
  clientAddress: string | null;
  userAgent?: string | null;
}

export interface AuthDeps {
  repo: PeopleRepo;
  clock: Clock;
  policy: AuthPolicy;
}

export function createAuthService({ repo, clock, policy }: AuthDeps) {
  const now = () => clock.now();
  const iso = (d: Date) => d.toISOString();
  const audit = (e: AuditEntry) => repo.appendAudit(e, iso(now()));

  // Names are stored lower-case (addUser), so "Alice" finds "alice" here as it does at login.
  const normalName = (name: string) => name.trim().toLowerCase();

  async function getUserRecord(name: string) {
    const found = await repo.findUserByName(normalName(name));
    if (!found) throw userNotFound(name);
    return found;
  }

  /** Seconds the account must still wait: growing after 5 failures; MLPS locks for 30 minutes. */
  function accountWait(user: User): number {
    const t = now().getTime();
    if (user.lockedUntil && Date.parse(user.lockedUntil) > t) return Math.ceil((Date.parse(user.lockedUntil) - t) / 1000);
    return growingDelay(user.failedLogins, user.lastFailedAt);
  }
  function growingDelay(failures: number, lastFailedAt: string | null): number {
    if (failures < FREE_FAILURES || !lastFailedAt) return 0;
    const delay = Math.min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_FAILURES + 1));
    return Math.max(0, Math.ceil((Date.parse(lastFailedAt) + delay * 1000 - now().getTime()) / 1000));
  }

  async function clientWait(key: string): Promise<number> {
    const entry = await repo.clientFailures(key);
    if (!entry) return 0;
    const windowEnd = Date.parse(entry.windowStart) + CLIENT_WINDOW_MINUTES * 60_000;
    return entry.failures >= CLIENT_MAX_FAILURES && windowEnd > now().getTime() ? Math.ceil((windowEnd - now().getTime()) / 1000) : 0;
  }

  async function recordClientFailure(key: string) {
    const entry = await repo.clientFailures(key);
    const fresh = !entry || Date.parse(entry.windowStart) + CLIENT_WINDOW_MINUTES * 60_000 <= now().getTime();
    await repo.setClientFailures(key, fresh ? 1 : entry.failures + 1, fresh ? iso(now()) : entry.windowStart);
  }

  async function startSession(user: User, input: Pick<LoginInput, 'clientAddress' | 'userAgent'>) {
    const token = newToken();
    const csrfToken = newToken();
    const started = now();
    await repo.insertSession({
      tokenHash: sha256(token),
      userId: user.id,
      csrfToken,
      now: iso(started),
      expiresAt: iso(new Date(started.getTime() + policy.sessionMaxHours * 3600_000)),
      clientAddress: input.clientAddress,
      userAgent: input.userAgent ?? null,
    });
    return { token, csrfToken };
  }

  /** Editors carry what they look after; the other roles' rights do not depend on it. */
  async function actorOf(user: User): Promise<Actor> {
    const actor: Actor = { id: user.id, name: user.name, role: user.role, locale: user.locale };
    return user.role === 'editor' ? { ...actor, scope: await repo.scopeOf(user.id) } : actor;
  }

  /** What an authenticator app scans: the otpauth:// URI of an account's secret. */
  const totpUri = (name: string, secret: Secret) => new TOTP({ issuer: 'Beiguan', label: name, secret }).toString();

  /** The code is checked against the service's clock, like every other time rule here. */
  const totpMatches = (secret: string, code: string) =>
    TOTP.validate({ token: code.replace(/\s/g, ''), secret: Secret.fromBase32(secret), timestamp: now().getTime(), window: 1 }) !== null;

  return {
    policy,

    async addUser(input: { name: string; role: string; email?: string | null; displayName?: string; locale?: string; password: string }, by: Actor | null = null) {
      const name = normalName(input.name);
      if (!NAME_PATTERN.test(name))
        throw invalid('USER_NAME_INVALID', 'an account name is 2–40 lower-case letters, digits, ".", "_" or "-", starting with a letter', { field: 'name' });
      if (!isRole(input.role)) throw invalid('USER_ROLE_INVALID', `role must be contributor, editor, publisher or administrator`, { field: 'role' });
      const locale: Lang = input.locale === undefined ? 'zh' : isLang(input.locale) ? input.locale : 'zh';
      if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) throw invalid('USER_EMAIL_INVALID', 'the email address is not valid', { field: 'email' });
      if (await repo.findUserByName(name)) throw invalid('USER_NAME_TAKEN', `an account named "${name}" exists already`, { field: 'name' });
      checkPasswordRules(input.password, name);
      const user = await repo.insertUser(
        { name, displayName: input.displayName?.trim() || name, email: input.email ?? null, role: input.role as Role, locale, passwordHash: await hashPassword(input.password, policy.scryptN) },
        iso(now()),
      );
      await audit({ actor: by, action: 'user.create', entityType: 'user', entityId: user.id, to: user.role });
      return user;
    },

    listUsers: () => repo.listUsers(),
    /** The accounts screen's list: administrators only. */
    pageUsers(actor: Actor | undefined, filter: UserFilter, req: PageRequest) {
      requireRole(actor, 'administrator', 'manage accounts');
      return repo.pageUsers(filter, req);
    },
    /** What each account looks after (assigned channel and institution ids, as assigned). */
    assignedScopes: () => repo.assignedScopes(),
    /** Assigns the channels and institutions an editor looks after (none: the whole Academy). */
    async setScope(name: string, scope: { channels: number[]; institutions: number[] }, by: Actor | null = null) {
      const { user } = await getUserRecord(name);
      const unknown = await repo.unknownScopeIds(scope);
      if (unknown) throw invalid('SCOPE_UNKNOWN', `no ${unknown.kind} ${unknown.id}`, { field: unknown.kind === 'channel' ? 'channels' : 'institutions' });
      await repo.setScope(user.id, { channels: [...new Set(scope.channels)], institutions: [...new Set(scope.institutions)] });
      await audit({ actor: by, action: 'user.scope', entityType: 'user', entityId: user.id, comment: `channels [${scope.channels.join(', ')}] institutions [${scope.institutions.join(', ')}]` });
    },
    countUsers: () => repo.countUsers(),
    async getUser(name: string) {
      return (await getUserRecord(name)).user;
    },

    /** Disabling ends the account's sessions at once; its API tokens stop working too. */
    async disableUser(name: string, by: Actor | null = null) {
      const { user } = await getUserRecord(name);
      await repo.setDisabled(user.id, iso(now()), iso(now()));
      await repo.deleteSessionsOf(user.id);
      await audit({ actor: by, action: 'user.disable', entityType: 'user', entityId: user.id });
    },
    async enableUser(name: string, by: Actor | null = null) {
      const { user } = await getUserRecord(name);
      await repo.setDisabled(user.id, null, iso(now()));
      await audit({ actor: by, action: 'user.enable', entityType: 'user', entityId: user.id });
    },

    /** Sets a new password, ends every session of the account and lifts a lockout. */
    async setPassword(name: string, password: string, by: Actor | null = null) {
      const { user } = await getUserRecord(name);
      checkPasswordRules(password, user.name);
      await repo.setPassword(user.id, await hashPassword(password, policy.scryptN), iso(now()));
      await repo.deleteSessionsOf(user.id);
      await audit({ actor: by, action: 'user.password', entityType: 'user', entityId: user.id });
    },

    /** Turns on TOTP for an account; returns the otpauth:// URI for an authenticator app. */
    async enrolTotp(name: string, by: Actor | null = null) {
      const { user } = await getUserRecord(name);
      const secret = new Secret({ size: 20 });
      await repo.setTotpSecret(user.id, secret.base32, iso(now()));
      await audit({ actor: by, action: 'user.totp', entityType: 'user', entityId: user.id });
      return totpUri(user.name, secret);
    },

    /**
     * The first step of enrolment from the workspace: a fresh secret, not yet saved. It is kept
     * only once the person proves their authenticator shows the right code (confirmTotp).
     */
    proposeTotp(actor: Actor, keep?: string) {
      const secret = keep ? Secret.fromBase32(keep) : new Secret({ size: 20 });
      return { secret: secret.base32, uri: totpUri(actor.name, secret) };
    },
    async confirmTotp(actor: Actor, secret: string, code: string) {
      if (!/^[A-Z2-7]{32}$/.test(secret)) throw invalid('TOTP_CODE_WRONG', 'The enrolment expired: start again', { field: 'secret' });
      if (!totpMatches(secret, code)) throw invalid('TOTP_CODE_WRONG', 'The code does not match: check the time on the phone and try the next code', { field: 'code' });
      await repo.setTotpSecret(actor.id, secret, iso(now()));
      await audit({ actor, action: 'user.totp', entityType: 'user', entityId: actor.id });
    },
    /** Turning the second factor off takes the password; under MLPS administrators must keep it. */
    async removeOwnTotp(actor: Actor, password: string) {
      const { user, passwordHash } = await getUserRecord(actor.name);
      if (policy.mlps && user.role === 'administrator')
        throw new AppError('forbidden', 'TOTP_REQUIRED', 'Under the MLPS profile administrators must keep a second factor', { isPublic: true });
      if (!(await verifyPassword(password, passwordHash))) throw invalid('PASSWORD_WRONG', 'The current password is wrong', { field: 'currentPassword' });
      await repo.setTotpSecret(user.id, null, iso(now()));
      await audit({ actor, action: 'user.totp_removed', entityType: 'user', entityId: user.id });
    },
    /** For a lost phone: an administrator removes the factor; the person enrols again at next login. */
    async resetTotp(name: string, by: Actor | null = null) {
      const { user } = await getUserRecord(name);
      await repo.setTotpSecret(user.id, null, iso(now()));
      await repo.deleteSessionsOf(user.id);
      await audit({ actor: by, action: 'user.totp_removed', entityType: 'user', entityId: user.id });
    },
    /** Changing one's own password takes the current one; every session ends, this one too. */
    async changeOwnPassword(actor: Actor, current: string, next: string) {
      const { user, passwordHash } = await getUserRecord(actor.name);
      if (!(await verifyPassword(current, passwordHash))) throw invalid('PASSWORD_WRONG', 'The current password is wrong', { field: 'currentPassword' });
      if (current === next) throw invalid('PASSWORD_UNCHANGED', 'The new password must differ from the current one', { field: 'password' });
      checkPasswordRules(next, user.name);
      await repo.setPassword(user.id, await hashPassword(next, policy.scryptN), iso(now()));
      await repo.deleteSessionsOf(user.id);
      await audit({ actor, action: 'user.password', entityType: 'user', entityId: user.id });
    },
    async setLocale(actor: Actor, locale: string) {
      if (!isLang(locale)) throw invalid('USER_LOCALE_INVALID', 'locale must be zh or en', { field: 'locale' });
      await repo.setLocale(actor.id, locale, iso(now()));
    },

    async login(input: LoginInput) {
      const clientKey = `ip:${input.clientAddress ?? 'unknown'}`;
      const waitClient = await clientWait(clientKey);
      if (waitClient > 0) throw throttled(waitClient);
      const found = await repo.findUserByName(normalName(input.name));
      if (!found) {
        // An unknown name is throttled exactly like a real account, so that the answers (and their
        // timing) do not tell which names exist.
        const nameKey = `name:${input.name.trim().toLowerCase().slice(0, 100)}`;
        const tried = await repo.clientFailures(nameKey);
        const waitName = growingDelay(tried?.failures ?? 0, tried?.windowStart ?? null);
        if (waitName > 0) throw throttled(waitName);
        await verifyPassword(input.password, await warmUpDecoy(policy.scryptN));
        await repo.setClientFailures(nameKey, (tried?.failures ?? 0) + 1, iso(now()));
        await recordClientFailure(clientKey);
        await audit({ actor: null, action: 'login.failed', comment: 'unknown account', clientAddress: input.clientAddress });
        throw loginFailed();
      }
      const { user, passwordHash, totpSecret } = found;
      const wait = accountWait(user);
      if (wait > 0) throw throttled(wait);

      const passwordOk = await verifyPassword(input.password, passwordHash);
      // The code is checked against the service's clock, like every other time rule here.
      const totpOk = !totpSecret || (input.totp !== undefined && totpMatches(totpSecret, input.totp));
      if (!passwordOk || !totpOk || user.disabledAt) {
        // An MLPS lock that has run out starts the count afresh: 5 more tries, not 1, before the next lock.
        const lockOver = user.lockedUntil !== null && Date.parse(user.lockedUntil) <= now().getTime();
        if (lockOver) await repo.clearFailures(user.id);
        const failures = (lockOver ? 0 : user.failedLogins) + 1;
        const lock = policy.mlps && failures >= FREE_FAILURES ? iso(new Date(now().getTime() + MLPS_LOCKOUT_MINUTES * 60_000)) : null;
        await repo.recordFailure(user.id, iso(now()), lock);
        await recordClientFailure(clientKey);
        await audit({ actor: { id: user.id, name: user.name }, action: 'login.failed', comment: !passwordOk ? 'password' : !totpOk ? 'second factor' : 'disabled', clientAddress: input.clientAddress });
        // One answer for every failure: a "code needed" answer would confirm the password.
        throw loginFailed();
      }
      if (policy.mlps && user.role === 'administrator' && !totpSecret)
        throw new AppError('forbidden', 'TOTP_ENROLMENT_REQUIRED', 'Administrators need a second factor: run "beiguan user totp NAME"', { isPublic: true });
      if (policy.mlps && Date.parse(user.passwordChangedAt) + MLPS_PASSWORD_DAYS * 86_400_000 < now().getTime())
        throw new AppError('forbidden', 'PASSWORD_EXPIRED', 'The password is older than 90 days: ask an administrator to reset it', { isPublic: true });

      await repo.clearFailures(user.id);
      const session = await startSession(user, input);
      await audit({ actor: { id: user.id, name: user.name }, action: 'login', clientAddress: input.clientAddress });
      return { user, ...session };
    },

    /** The actor behind a session cookie, or undefined when it is unknown, idle too long, expired or disabled. */
    async resumeSession(token: string) {
      const session = await repo.findSession(sha256(token));
      if (!session) return undefined;
      const t = now().getTime();
      const idleLimit = Date.parse(session.lastSeenAt) + policy.sessionIdleMinutes * 60_000;
      const user = await repo.findUserById(session.userId);
      if (t >= Date.parse(session.expiresAt) || t >= idleLimit || !user || user.disabledAt) {
        await repo.deleteSession(session.id);
        return undefined;
      }
      if (t - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) await repo.touchSession(session.id, iso(now()));
      return { actor: await actorOf(user), user, session };
    },

    async logout(token: string, clientAddress: string | null = null) {
      const session = await repo.findSession(sha256(token));
      if (!session) return;
      await repo.deleteSession(session.id);
      const user = await repo.findUserById(session.userId);
      await audit({ actor: user ? { id: user.id, name: user.name } : null, action: 'logout', clientAddress });
    },

    /** A new API token for scripts; only its hash is kept, so it is shown this once. */
    async createToken(name: string, label = 'script', by: Actor | null = null) {
      label = label.trim();
      if (label === '' || label.length > 100) throw invalid('TOKEN_LABEL_INVALID', 'say in 1 to 100 characters what the token is for', { field: 'label' });
      const { user } = await getUserRecord(name);
      const token = newToken(32, 'bg_');
      const id = await repo.insertToken({ tokenHash: sha256(token), userId: user.id, label, now: iso(now()) });
      await audit({ actor: by, action: 'token.create', entityType: 'api_token', entityId: id, comment: `for ${user.name}` });
      return { id, token };
    },
    listTokens: (userId?: number) => repo.listTokens(userId),
    /** Administrators (and the command line, by null) revoke any token; others only their own. */
    async revokeToken(id: number, by: Actor | null = null) {
      const owner = by && by.role !== 'administrator' ? by.id : undefined;
      if (!(await repo.revokeToken(id, iso(now()), owner))) throw notFound('TOKEN_NOT_FOUND', `No active token ${id}`);
      await audit({ actor: by, action: 'token.revoke', entityType: 'api_token', entityId: id });
    },
    async actorForToken(token: string): Promise<Actor | undefined> {
      if (!token.startsWith('bg_')) return undefined;
      const found = await repo.findToken(sha256(token));
      if (!found || found.revokedAt) return undefined;
      const user = await repo.findUserById(found.userId);
      if (!user || user.disabledAt) return undefined;
      await repo.touchToken(found.id, iso(now()));
      return actorOf(user);
    },

    audit,
    /** Who last submitted an item for review, when, and whether they confirmed accessibility warnings doing so. */
    latestSubmission: (entityType: string, entityId: number) => repo.latestSubmission(entityType, entityId),
    listAudit: (filter: { action?: string; actorName?: string; limit: number; offset: number }) => repo.listAudit(filter),
  };
}
export type AuthService = ReturnType<typeof createAuthService>;

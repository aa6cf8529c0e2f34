// Accounts, sessions, tokens, throttling and the audit log: the only place that queries them.
import type { ExpressionBuilder, Kysely, Selectable, Transaction } from 'kysely';
import type { AppUserTable, DB } from '../db/index.js';
import { toIso } from '../shared/clock.js';
import type { Lang } from '../shared/lang.js';
import type { PageRequest, Paged } from '../shared/page.js';
import { toCount } from '../shared/rows.js';
import { createAuditRepo } from './audit.repo.js';
import type { ApiTokenInfo, AuditEntry, Role, SessionInfo, User } from './people.types.js';

export interface UserFilter {
  q?: string;
  role?: Role;
  state?: 'active' | 'disabled';
  sort?: 'name' | 'created' | 'role';
}

function toUser(row: Selectable<AppUserTable>): User {
  return {
    id: Number(row.id),
    name: row.name,
    displayName: row.display_name,
    email: row.email,
    role: row.role as Role,
    locale: row.locale as Lang,
    hasTotp: row.totp_secret !== null,
    passwordChangedAt: toIso(row.password_changed_at)!,
    failedLogins: Number(row.failed_logins),
    lastFailedAt: toIso(row.last_failed_at),
    lockedUntil: toIso(row.locked_until),
    disabledAt: toIso(row.disabled_at),
    createdAt: toIso(row.created_at)!,
  };
}

export interface NewUser {
  name: string;
  displayName: string;
  email: string | null;
  role: Role;
  locale: Lang;
  passwordHash: string;
}

export function createPeopleRepo(db: Kysely<DB> | Transaction<DB>) {
  const users = () => db.selectFrom('app_user').selectAll();
  return {
    async findUserByName(name: string) {
      const row = await users().where('name', '=', name).executeTakeFirst();
      return row ? { user: toUser(row), passwordHash: row.password_hash, totpSecret: row.totp_secret } : undefined;
    },
    async findUserById(id: number) {
      const row = await users().where('id', '=', id).executeTakeFirst();
      return row ? toUser(row) : undefined;
    },
    /** The accounts screen: search in name, display name and email; role and state filters; a page at a time. */
    async pageUsers(f: UserFilter, req: PageRequest): Promise<Paged<User>> {
      const filter = (eb: ExpressionBuilder<DB, 'app_user'>) => {
        const conds = [];
        if (f.role) conds.push(eb('role', '=', f.role));
        if (f.state === 'active') conds.push(eb('disabled_at', 'is', null));
        if (f.state === 'disabled') conds.push(eb('disabled_at', 'is not', null));
        if (f.q) {
          const like = `%${f.q.toLowerCase().replace(/[%_]/g, '')}%`;
          conds.push(eb.or([eb(eb.fn('lower', ['name']), 'like', like), eb(eb.fn('lower', ['display_name']), 'like', like), eb(eb.fn('lower', ['email']), 'like', like)]));
        }
        return eb.and(conds);
      };
      const [column, direction] = f.sort === 'created' ? (['created_at', 'desc'] as const) : f.sort === 'role' ? (['role', 'asc'] as const) : (['name', 'asc'] as const);
      const [rows, count] = await Promise.all([
        users().where(filter).orderBy(column, direction).orderBy('name').limit(req.limit).offset(req.offset).execute(),
        db.selectFrom('app_user').select((eb) => eb.fn.countAll().as('n')).where(filter).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toUser), total: toCount(count.n) };
    },
    async listUsers(): Promise<User[]> {
      return (await users().orderBy('name').execute()).map(toUser);
    },
    async countUsers() {
      const r = await db.selectFrom('app_user').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return toCount(r.n);
    },
    async insertUser(u: NewUser, now: string): Promise<User> {
      const row = await db
        .insertInto('app_user')
        .values({
          name: u.name,
          display_name: u.displayName,
          email: u.email,
          role: u.role,
          locale: u.locale,
          password_hash: u.passwordHash,
          password_changed_at: now,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(row);
    },
    async setPassword(id: number, passwordHash: string, now: string) {
      await db
        .updateTable('app_user')
        .set({ password_hash: passwordHash, password_changed_at: now, failed_logins: 0, locked_until: null, updated_at: now })
        .where('id', '=', id)
        .execute();
    },
    async setDisabled(id: number, at: string | null, now: string) {
      await db.updateTable('app_user').set({ disabled_at: at, updated_at: now }).where('id', '=', id).execute();
    },
    /** The channels and institutions an editor looks after; an institution counts in both languages. */
    async scopeOf(userId: number) {
      const [channels, institutions] = await Promise.all([
        db.selectFrom('user_channel').select('channel_id').where('user_id', '=', userId).execute(),
        db
          .selectFrom('institution as i')
          .select('i.id')
          .where((eb) =>
            eb.or([
              eb('i.id', 'in', eb.selectFrom('user_institution').select('institution_id').where('user_id', '=', userId)),
              eb(
                'i.translation_group',
                'in',
                eb.selectFrom('user_institution as ui').innerJoin('institution as j', 'j.id', 'ui.institution_id').select('j.translation_group').where('ui.user_id', '=', userId).where('j.translation_group', 'is not', null),
              ),
            ]),
          )
          .execute(),
      ]);
      return { channels: channels.map((r) => Number(r.channel_id)), institutions: institutions.map((r) => Number(r.id)) };
    },
    async assignedScopes() {
      const [channels, institutions] = await Promise.all([
        db.selectFrom('user_channel').select(['user_id', 'channel_id']).execute(),
        db.selectFrom('user_institution').select(['user_id', 'institution_id']).execute(),
      ]);
      const out = new Map<number, { channels: number[]; institutions: number[] }>();
      const of = (id: number) => out.get(id) ?? (out.set(id, { channels: [], institutions: [] }), out.get(id)!);
      for (const r of channels) of(Number(r.user_id)).channels.push(Number(r.channel_id));
      for (const r of institutions) of(Number(r.user_id)).institutions.push(Number(r.institution_id));
      return out;
    },
    async unknownScopeIds(scope: { channels: number[]; institutions: number[] }) {
      const [c, i] = await Promise.all([
        scope.channels.length ? db.selectFrom('channel').select('id').where('id', 'in', scope.channels).execute() : [],
        scope.institutions.length ? db.selectFrom('institution').select('id').where('id', 'in', scope.institutions).execute() : [],
      ]);
      const knownC = new Set(c.map((r) => Number(r.id)));
      const knownI = new Set(i.map((r) => Number(r.id)));
      const ch = scope.channels.find((id) => !knownC.has(id));
      if (ch !== undefined) return { kind: 'channel' as const, id: ch };
      const inst = scope.institutions.find((id) => !knownI.has(id));
      return inst !== undefined ? { kind: 'institution' as const, id: inst } : undefined;
    },
    async setScope(userId: number, scope: { channels: number[]; institutions: number[] }) {
      await db.deleteFrom('user_channel').where('user_id', '=', userId).execute();
      await db.deleteFrom('user_institution').where('user_id', '=', userId).execute();
      if (scope.channels.length) await db.insertInto('user_channel').values(scope.channels.map((channel_id) => ({ user_id: userId, channel_id }))).execute();
      if (scope.institutions.length) await db.insertInto('user_institution').values(scope.institutions.map((institution_id) => ({ user_id: userId, institution_id }))).execute();
    },
    async setLocale(id: number, locale: string, now: string) {
      await db.updateTable('app_user').set({ locale, updated_at: now }).where('id', '=', id).execute();
    },
    async setTotpSecret(id: number, secret: string | null, now: string) {
      await db.updateTable('app_user').set({ totp_secret: secret, updated_at: now }).where('id', '=', id).execute();
    },
    async recordFailure(id: number, now: string, lockedUntil: string | null) {
      await db
        .updateTable('app_user')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), last_failed_at: now, ...(lockedUntil ? { locked_until: lockedUntil } : {}) }))
        .where('id', '=', id)
        .execute();
    },
    async clearFailures(id: number) {
      await db.updateTable('app_user').set({ failed_logins: 0, last_failed_at: null, locked_until: null }).where('id', '=', id).execute();
    },

    async insertSession(s: { tokenHash: string; userId: number; csrfToken: string; now: string; expiresAt: string; clientAddress: string | null; userAgent: string | null }) {
      await db
        .insertInto('user_session')
        .values({
          token_hash: s.tokenHash,
          user_id: s.userId,
          csrf_token: s.csrfToken,
          created_at: s.now,
          last_seen_at: s.now,
          expires_at: s.expiresAt,
          client_address: s.clientAddress,
          user_agent: s.userAgent?.slice(0, 300) ?? null,
        })
        .execute();
    },
    async findSession(tokenHash: string): Promise<SessionInfo | undefined> {
      const row = await db.selectFrom('user_session').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row
        ? {
            id: Number(row.id),
            userId: Number(row.user_id),
            csrfToken: row.csrf_token,
            createdAt: toIso(row.created_at)!,
            lastSeenAt: toIso(row.last_seen_at)!,
            expiresAt: toIso(row.expires_at)!,
          }
        : undefined;
    },
    async touchSession(id: number, now: string) {
      await db.updateTable('user_session').set({ last_seen_at: now }).where('id', '=', id).execute();
    },
    async deleteSession(id: number) {
      await db.deleteFrom('user_session').where('id', '=', id).execute();
    },
    async deleteSessionsOf(userId: number) {
      await db.deleteFrom('user_session').where('user_id', '=', userId).execute();
    },

    async insertToken(t: { tokenHash: string; userId: number; label: string; now: string }): Promise<number> {
      const row = await db
        .insertInto('api_token')
        .values({ token_hash: t.tokenHash, user_id: t.userId, label: t.label, created_at: t.now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async findToken(tokenHash: string) {
      const row = await db.selectFrom('api_token').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row ? { id: Number(row.id), userId: Number(row.user_id), revokedAt: toIso(row.revoked_at) } : undefined;
    },
    async touchToken(id: number, now: string) {
      await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', id).execute();
    },
    async listTokens(userId?: number): Promise<ApiTokenInfo[]> {
      let q = db
        .selectFrom('api_token')
        .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
        .select(['api_token.id', 'api_token.user_id', 'app_user.name', 'api_token.label', 'api_token.created_at', 'api_token.last_used_at', 'api_token.revoked_at'])
        .orderBy('api_token.id');
      if (userId !== undefined) q = q.where('api_token.user_id', '=', userId);
      return (await q.execute()).map((r) => ({
        id: Number(r.id),
        userId: Number(r.user_id),
        userName: r.name,
        label: r.label,
        createdAt: toIso(r.created_at)!,
        lastUsedAt: toIso(r.last_used_at),
        revokedAt: toIso(r.revoked_at),
      }));
    },
    async revokeToken(id: number, now: string, ownerId?: number) {
      let q = db.updateTable('api_token').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null);
      if (ownerId !== undefined) q = q.where('user_id', '=', ownerId);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async clientFailures(key: string) {
      const row = await db.selectFrom('login_throttle').selectAll().where('client_key', '=', key).executeTakeFirst();
      return row ? { failures: Number(row.failures), windowStart: toIso(row.window_start)! } : undefined;
    },
    async setClientFailures(key: string, failures: number, windowStart: string) {
      await db
        .insertInto('login_throttle')
        .values({ client_key: key, failures, window_start: windowStart })
        .onConflict((oc) => oc.column('client_key').doUpdateSet({ failures, window_start: windowStart }))
        .execute();
    },

    appendAudit: (e: AuditEntry, now: string) => createAuditRepo(db).append(e, now),
    /** The latest submission of an item for review, or its author's confirmation of the accessibility warnings that came with it. */
    async latestSubmission(entityType: string, entityId: number) {
      const row = await db
        .selectFrom('audit_log')
        .select(['action', 'actor_name', 'at'])
        .where('entity_type', '=', entityType)
        .where('entity_id', '=', entityId)
        .where((eb) => eb.or([eb('action', '=', `${entityType}.accept_checks`), eb.and([eb('action', '=', `${entityType}.transition`), eb('to_state', '=', 'in_review')])]))
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? { confirmedChecks: row.action.endsWith('.accept_checks'), actorName: row.actor_name, at: toIso(row.at)! } : undefined;
    },
    async listAudit(filter: { action?: string; actorName?: string; limit: number; offset: number }) {
      let q = db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc');
      if (filter.action) q = q.where('action', '=', filter.action);
      if (filter.actorName) q = q.where('actor_name', '=', filter.actorName);
      const rows = await q.limit(filter.limit).offset(filter.offset).execute();
      return rows.map((r) => ({
        id: Number(r.id),
        at: toIso(r.at)!,
        actorName: r.actor_name,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id == null ? null : Number(r.entity_id),
        from: r.from_state,
        to: r.to_state,
        comment: r.comment,
        clientAddress: r.client_address,
      }));
    },
  };
}
export type PeopleRepo = ReturnType<typeof createPeopleRepo>;

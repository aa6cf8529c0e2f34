// The editorial workspace under /admin. Handlers are thin: they call the services and render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminMessages } from '../admin/i18n.js';
import { fieldMessages } from '../admin/i18n-fields.js';
import { AuditScreen, Dashboard, LoginForm, UsersScreen } from '../admin/views/admin-views.js';
import { workflowsOf, type Services } from '../app/services.js';
import type { Store } from '../db/index.js';
import { hasRole, isRole, requireRole, type Actor, type UserFilter } from '../people/index.js';
import { pageRequest } from '../shared/page.js';
import { isAppError } from '../shared/errors.js';
import { newToken } from '../shared/tokens.js';
import type { AdminListFilter, ContentKind, ContentStatus, WorkflowItem } from '../workflow/index.js';
import { translator } from '../site/i18n.js';
import type { EditorAssets } from '../site/assets.js';
import type { SiteContext } from '../site/routes.js';
import { adminAccountRoutes, adminScopeRoutes } from './admin-account.routes.js';
import { adminArticleRoutes } from './admin-articles.routes.js';
import { adminMediaRoutes } from './admin-media.routes.js';
import { adminRedirectRoutes } from './admin-redirects.routes.js';
import { adminTranslationRoutes } from './admin-translations.routes.js';
import { adminEditorApiRoutes } from './admin-editor-api.routes.js';
import { adminContentRoutes } from './admin-content.routes.js';
import { adminKit, pageParam } from './admin-kit.js';
import { cookieOptions, isSameOrigin, loginCookieName, sameSecret, sessionCookieName } from './auth.plugin.js';

export interface AdminRouteOptions {
  services: Services;
  store: Store;
  site: SiteContext;
  baseUrl: string;
  css: string;
  editorAssets: EditorAssets;
}

type Form = Record<string, string | undefined>;
const USERS_PER_PAGE = 25;
/** Where each kind lives in the workspace. */
const PLURAL: Record<ContentKind, string> = { article: 'articles', page: 'pages', institution: 'institutions' };
/** An item of any kind as the dashboard lists it (institutions have a name, the others a title). */
type Listed = WorkflowItem & { updatedAt: string; title?: string; name?: string };

export async function adminRoutes(app: FastifyInstance, { services, store, baseUrl, css, site, editorAssets }: AdminRouteOptions) {
  await app.register(adminArticleRoutes, { services, store, css, site, editorAssets });
  await app.register(adminContentRoutes, { services, store, css, site });
  await app.register(adminEditorApiRoutes, { services, store });
  await app.register(adminAccountRoutes, { services, css, baseUrl });
  await app.register(adminScopeRoutes, { services, css });
  await app.register(adminMediaRoutes, { services, css });
  await app.register(adminRedirectRoutes, { services, store, css, site });
  await app.register(adminTranslationRoutes, { services, css });
  const sessionCookie = sessionCookieName(baseUrl);
  const loginCookie = loginCookieName(baseUrl);
  const { langOf, send, page, messageFor, signedIn } = adminKit(css);

  function renderLogin(req: FastifyRequest, reply: FastifyReply, status: number, form: { name?: string; error?: string; ok?: string } = {}) {
    const token = newToken(24);
    void reply.setCookie(loginCookie, token, { ...cookieOptions(baseUrl), maxAge: 3600 });
    const m = adminMessages(langOf(req));
    return send(reply, status, page(req, m.signIn, undefined, <LoginForm m={m} loginToken={token} name={form.name} error={form.error} ok={form.ok} />));
  }

  app.get('/admin/login', async (req, reply) => {
    if (req.actor) return reply.redirect('/admin', 303);
    const done = (req.query as Form).done;
    return renderLogin(req, reply, 200, done === 'password' ? { ok: adminMessages(langOf(req)).passwordChangedSignIn } : {});
  });

  app.post('/admin/login', async (req, reply) => {
    const body = (req.body ?? {}) as Form;
    const m = adminMessages(langOf(req));
    // No session yet: a same-origin Origin and the double-submitted login token stand in for CSRF.
    if (!isSameOrigin(req, baseUrl) || !sameSecret(body._login, req.cookies[loginCookie]))
      return renderLogin(req, reply, 403, { name: body.name, error: m.errors.CSRF_REFUSED });
    try {
      const { token } = await services.auth.login({
        name: body.name ?? '',
        password: body.password ?? '',
        totp: body.totp?.trim() ? body.totp : undefined,
        clientAddress: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
      });
      // A new token at every sign-in: a token planted before login is worth nothing after it.
      if (req.sessionToken) await services.auth.logout(req.sessionToken);
      reply.clearCookie(loginCookie, cookieOptions(baseUrl));
      reply.setCookie(sessionCookie, token, { ...cookieOptions(baseUrl), maxAge: services.auth.policy.sessionMaxHours * 3600 });
      return reply.redirect('/admin', 303);
    } catch (e) {
      const { status, text } = messageFor(req, e);
      const retry = isAppError(e) && e.code === 'LOGIN_THROTTLED' ? (e.extra.details as { retryAfterSeconds: number }).retryAfterSeconds : undefined;
      if (retry) reply.header('retry-after', String(retry));
      return renderLogin(req, reply, retry ? 429 : status, { name: body.name, error: text });
    }
  });

  app.post('/admin/logout', async (req, reply) => {
    if (req.sessionToken) await services.auth.logout(req.sessionToken, req.ip);
    reply.clearCookie(sessionCookie, cookieOptions(baseUrl));
    return reply.redirect('/admin/login', 303);
  });

  app.get('/admin', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const m = adminMessages(langOf(req));
    const few = { offset: 0, limit: 8 };
    const reviewer: ContentStatus[] = hasRole(req.actor, 'publisher') ? ['in_review', 'approved'] : hasRole(req.actor, 'editor') ? ['draft'] : [];
    const kinds = Object.entries(workflowsOf(services)) as [ContentKind, ReturnType<typeof workflowsOf>[ContentKind]][];
    /** One panel: the items of every kind that match, newest first (by `by`), at most `few`. */
    const panel = async (filter: AdminListFilter, by: 'updatedAt' | 'publishedAt') => {
      const lists = await Promise.all(kinds.map(async ([kind, wf]) => (await wf.list(req.actor, filter, few)).items.map((item: Listed) => ({ kind, item }))));
      return lists
        .flat()
        .sort((a, b) => (b.item[by] ?? '').localeCompare(a.item[by] ?? ''))
        .slice(0, few.limit)
        .map(({ kind, item }) => ({ id: item.id, kind, title: item.title ?? item.name ?? '', lang: item.lang, href: `/admin/${PLURAL[kind]}/${item.id}` }));
    };
    const [myDrafts, awaitingReview, scheduled, recent, articles, institutions, pages] = await Promise.all([
      panel({ statuses: ['draft'], authorId: req.actor.id }, 'updatedAt'),
      reviewer.length ? panel({ statuses: reviewer }, 'updatedAt') : [],
      panel({ statuses: ['scheduled'], sort: 'published' }, 'publishedAt'),
      panel({ statuses: ['published'], sort: 'published' }, 'publishedAt'),
      services.news.count(),
      services.institutions.count(),
      services.pages.count(),
    ]);
    const view = { myDrafts, awaitingReview, scheduled, recent, counts: { articles, institutions, pages } };
    return send(reply, 200, page(req, m.dashboard, 'dashboard', <Dashboard m={m} actor={req.actor} view={view} />));
  });

  async function usersScreen(req: FastifyRequest & { actor: Actor }, reply: FastifyReply, status: number, extra: { error?: string; ok?: string; form?: Record<string, string> } = {}) {
    const m = adminMessages(langOf(req));
    const q = req.query as Form;
    const filter: UserFilter = {
      q: q.q?.trim().slice(0, 100) || undefined,
      role: isRole(q.role) ? q.role : undefined,
      state: q.state === 'active' || q.state === 'disabled' ? q.state : undefined,
      sort: q.sort === 'created' || q.sort === 'role' ? q.sort : 'name',
    };
    const pageNo = pageParam(q.page);
    const [result, scopes] = await Promise.all([services.auth.pageUsers(req.actor, filter, pageRequest(pageNo, USERS_PER_PAGE)), services.auth.assignedScopes()]);
    const scopeOf = (id: number) => {
      const s = scopes.get(id);
      return s ? s.channels.length + s.institutions.length : 0;
    };
    const list = { filter, page: pageNo, pages: Math.max(1, Math.ceil(result.total / USERS_PER_PAGE)), total: result.total };
    return send(reply, status, page(req, m.users, 'users', <UsersScreen m={m} f={fieldMessages(langOf(req))} users={result.items} list={list} scopeOf={scopeOf} csrf={req.session?.csrfToken ?? ''} {...extra} />));
  }

  app.get('/admin/users', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    requireRole(req.actor, 'administrator', 'manage accounts');
    const done = (req.query as Form).done;
    const m = adminMessages(langOf(req));
    const ok = done === 'created' ? m.created : done === 'password' ? m.passwordReset : done === 'scope' ? fieldMessages(langOf(req)).scopeSaved : undefined;
    return usersScreen(req, reply, 200, { ok });
  });

  app.post('/admin/users', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const actor = requireRole(req.actor, 'administrator', 'manage accounts');
    const body = (req.body ?? {}) as Form;
    try {
      await services.auth.addUser(
        { name: body.name ?? '', role: body.role ?? '', email: body.email || null, displayName: body.displayName, password: body.password ?? '' },
        actor,
      );
      return reply.redirect('/admin/users?done=created', 303);
    } catch (e) {
      const { status, text } = messageFor(req, e);
      const { name = '', displayName = '', email = '', role = '' } = body;
      return usersScreen(req, reply, status, { error: text, form: { name, displayName, email, role } });
    }
  });

  app.post('/admin/users/:name/password', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const actor = requireRole(req.actor, 'administrator', 'manage accounts');
    const { name } = req.params as { name: string };
    try {
      await services.auth.setPassword(name, ((req.body ?? {}) as Form).password ?? '', actor);
      return reply.redirect('/admin/users?done=password', 303);
    } catch (e) {
      const { status, text } = messageFor(req, e);
      return usersScreen(req, reply, status, { error: text });
    }
  });

  app.post('/admin/users/:name/:change', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const actor = requireRole(req.actor, 'administrator', 'manage accounts');
    const { name, change } = req.params as { name: string; change: string };
    if (change === 'disable') await services.auth.disableUser(name, actor);
    else if (change === 'totp-reset') await services.auth.resetTotp(name, actor);
    else if (change === 'enable') await services.auth.enableUser(name, actor);
    else return reply.callNotFound();
    return reply.redirect('/admin/users', 303);
  });

  app.get('/admin/audit', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    requireRole(req.actor, 'administrator', 'read the audit log');
    const q = req.query as Form;
    const pageNo = pageParam(q.page);
    const action = q.action && /^[a-z.]{1,40}$/.test(q.action) ? q.action : undefined;
    const perPage = 50;
    const rows = await services.auth.listAudit({ action, limit: perPage + 1, offset: (pageNo - 1) * perPage });
    const lang = langOf(req);
    const m = adminMessages(lang);
    const t = translator(lang);
    return send(
      reply,
      200,
      page(req, m.audit, 'audit', <AuditScreen m={m} rows={rows.slice(0, perPage)} action={action} page={pageNo} hasMore={rows.length > perPage} formatTime={(iso) => t.dateTime(iso)} />),
    );
  });
}

// Each person's own account: workspace language, password, the second factor (TOTP) and API tokens.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { accountMessages } from '../admin/i18n-account.js';
import { fieldMessages } from '../admin/i18n-fields.js';
import { AccountScreen, ScopeScreen, type AccountView } from '../admin/views/account-views.js';
import type { Services } from '../app/services.js';
import { requireRole, type Actor } from '../people/index.js';
import { translator } from '../site/i18n.js';
import { adminKit, idsParam } from './admin-kit.js';
import { cookieOptions, sessionCookieName } from './auth.plugin.js';

type Form = Record<string, string | undefined>;

export async function adminAccountRoutes(app: FastifyInstance, { services, css, baseUrl }: { services: Services; css: string; baseUrl: string }) {
  const { langOf, send, page, messageFor, signedIn } = adminKit(css);
  const auth = services.auth;

  async function screen(req: FastifyRequest & { actor: Actor }, reply: FastifyReply, status: number, extra: Partial<AccountView> = {}) {
    const lang = langOf(req);
    const m = accountMessages(lang);
    const [user, tokens] = await Promise.all([auth.getUser(req.actor.name), auth.listTokens(req.actor.id)]);
    const view: AccountView = {
      user,
      tokens,
      csrf: req.session?.csrfToken ?? '',
      mlps: auth.policy.mlps,
      formatTime: (iso) => translator(lang).dateTime(iso),
      ...extra,
    };
    return send(reply, status, page(req, m.title, undefined, <AccountScreen m={m} view={view} />));
  }

  /** A new secret, or the one being enrolled (kept after a wrong code, so the phone already set up still matches). */
  async function enrolment(req: FastifyRequest & { actor: Actor }, keep?: string) {
    const { secret, uri } = auth.proposeTotp(req.actor, keep);
    // A data: URL (allowed by the CSP's img-src) drawn here: the secret never leaves the server's answer.
    return { secret, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 200, errorCorrectionLevel: 'M' }) };
  }

  app.get('/admin/account', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const q = req.query as Form;
    const m = accountMessages(langOf(req));
    const ok = q.done === 'locale' ? m.languageSaved : q.done === 'totp' ? m.enrolled : q.done === 'totp-removed' ? m.removed : undefined;
    return screen(req, reply, 200, { ok, ...(q.enrol === 'totp' ? { enrolment: await enrolment(req) } : {}) });
  });

  app.post('/admin/account/locale', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    try {
      await auth.setLocale(req.actor, ((req.body ?? {}) as Form).locale ?? '');
      return reply.redirect('/admin/account?done=locale', 303);
    } catch (e) {
      const { status, text } = messageFor(req, e);
      return screen(req, reply, status, { error: text });
    }
  });

  app.post('/admin/account/password', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const b = (req.body ?? {}) as Form;
    try {
      await auth.changeOwnPassword(req.actor, b.currentPassword ?? '', b.password ?? '');
      // Every session ended, this one too: sign in again with the new password.
      reply.clearCookie(sessionCookieName(baseUrl), cookieOptions(baseUrl));
      return reply.redirect('/admin/login?done=password', 303);
    } catch (e) {
      const { status, text } = messageFor(req, e);
      return screen(req, reply, status, { error: text });
    }
  });

  app.post('/admin/account/totp', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const b = (req.body ?? {}) as Form;
    try {
      await auth.confirmTotp(req.actor, b.secret ?? '', b.code ?? '');
      return reply.redirect('/admin/account?done=totp', 303);
    } catch (e) {
      const { status, text, code } = messageFor(req, e);
      // A wrong code keeps the same secret on screen, so the phone already set up still matches.
      const keep = code === 'TOTP_CODE_WRONG' && /^[A-Z2-7]{32}$/.test(b.secret ?? '');
      return screen(req, reply, status, { error: text, enrolment: await enrolment(req, keep ? b.secret : undefined) });
    }
  });

  app.post('/admin/account/totp/remove', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    try {
      await auth.removeOwnTotp(req.actor, ((req.body ?? {}) as Form).currentPassword ?? '');
      return reply.redirect('/admin/account?done=totp-removed', 303);
    } catch (e) {
      const { status, text } = messageFor(req, e);
      return screen(req, reply, status, { error: text });
    }
  });

  app.post('/admin/account/tokens', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    try {
      const { token } = await auth.createToken(req.actor.name, ((req.body ?? {}) as Form).label ?? '', req.actor);
      // Shown in this answer only (never in a URL, never stored in the clear).
      return screen(req, reply, 201, { newToken: token });
    } catch (e) {
      const { status, text } = messageFor(req, e);
      return screen(req, reply, status, { error: text });
    }
  });

  app.post('/admin/account/tokens/:id/revoke', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const id = Number((req.params as { id: string }).id);
    try {
      if (!Number.isInteger(id) || id <= 0 || id >= 2 ** 31) return reply.callNotFound();
      await auth.revokeToken(id, req.actor);
      return reply.redirect('/admin/account', 303);
    } catch (e) {
      const { status, text } = messageFor(req, e);
      return screen(req, reply, status, { error: text });
    }
  });
}

/** Administrators assign what each editor looks after. */
export async function adminScopeRoutes(app: FastifyInstance, { services, css }: { services: Services; css: string }) {
  const { langOf, send, page, messageFor, signedIn } = adminKit(css);

  async function screen(req: FastifyRequest & { actor: Actor }, reply: FastifyReply, status: number, name: string, error?: string) {
    const lang = langOf(req);
    const [user, channels, institutions, scopes] = await Promise.all([
      services.auth.getUser(name),
      services.newsWorkflow.channels(),
      services.institutions.directory(lang),
      services.auth.assignedScopes(),
    ]);
    const f = fieldMessages(lang);
    const view = { user, csrf: req.session?.csrfToken ?? '', lang, channels, institutions: institutions.map((i) => ({ id: i.id, name: i.name })), assigned: scopes.get(user.id) ?? { channels: [], institutions: [] }, error };
    return send(reply, status, page(req, f.scope, 'users', <ScopeScreen f={f} view={view} />));
  }

  app.get('/admin/users/:name/scope', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    requireRole(req.actor, 'administrator', 'manage accounts');
    return screen(req, reply, 200, (req.params as { name: string }).name);
  });
  app.post('/admin/users/:name/scope', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const actor = requireRole(req.actor, 'administrator', 'manage accounts');
    const { name } = req.params as { name: string };
    const b = (req.body ?? {}) as Record<string, unknown>;
    try {
      await services.auth.setScope(name, { channels: idsParam(b.channels), institutions: idsParam(b.institutions) }, actor);
      return reply.redirect('/admin/users?done=scope', 303);
    } catch (e) {
      const { status, text } = messageFor(req, e);
      return screen(req, reply, status, name, text);
    }
  });
}

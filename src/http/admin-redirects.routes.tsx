// The redirects screen (/admin/redirects): editors and above manage old and moved addresses and
// mark addresses gone. Every rule is the redirects service's; this only renders.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminMessages } from '../admin/i18n.js';
import { redirectMessages } from '../admin/i18n-redirects.js';
import { RedirectEditScreen, RedirectsScreen, type RedirectEditView, type RedirectFormValues, type RedirectListView } from '../admin/views/redirect-views.js';
import { inTransaction, type Services } from '../app/services.js';
import type { Store } from '../db/index.js';
import type { Actor } from '../people/index.js';
import type { AddressRuleFilter, IsLive, RedirectsService } from '../redirects/index.js';
import { isAppError } from '../shared/errors.js';
import { pageRequest } from '../shared/page.js';
import { liveAddressKeys } from '../site/addresses.js';
import { translator } from '../site/i18n.js';
import type { SiteContext } from '../site/routes.js';
import { adminKit, pageParam } from './admin-kit.js';
import { STATUS_OF_KIND } from './errors.js';

type Form = Record<string, string | undefined>;
const PER_PAGE = 25;

function listFilter(q: Form): AddressRuleFilter {
  const status = Number(q.status);
  return {
    q: q.q?.trim().slice(0, 100) || undefined,
    status: status === 301 || status === 302 || status === 410 ? status : undefined,
    sort: q.sort === 'newest' ? 'newest' : 'path',
  };
}

const formOf = (body: Form): RedirectFormValues => ({ from: body.from ?? '', to: body.to ?? '', status: body.status ?? '' });
const ruleInput = (body: Form) => ({ from: body.from ?? '', to: body.to ?? '', status: Number(body.status) });

export async function adminRedirectRoutes(app: FastifyInstance, { services, store, css, site }: { services: Services; store: Store; css: string; site: SiteContext }) {
  const { langOf, send, page, signedIn } = adminKit(css);
  const inTx = <T,>(work: (r: RedirectsService, isLive: IsLive) => Promise<T>) =>
    // The live addresses are read in the transaction too: one connection (SQLite) serves it alone.
    inTransaction(store, services.clock, (s) => work(s.redirects, async (key) => (await liveAddressKeys({ ...site, services: s })).has(key)));
  /** A refusal in the user's words, and the field it is about. */
  const refusal = (req: FastifyRequest, e: unknown) => {
    if (!isAppError(e)) throw e;
    const words = redirectMessages(langOf(req)).errors[e.code] ?? adminMessages(langOf(req)).errors[e.code] ?? e.message;
    return { status: STATUS_OF_KIND[e.kind], text: words, field: (e.extra.details as { field?: string } | undefined)?.field };
  };

  async function listScreen(req: FastifyRequest & { actor: Actor }, reply: FastifyReply, status: number, extra: Pick<RedirectListView, 'error' | 'field' | 'ok' | 'form'> = {}) {
    const q = req.query as Form;
    const filter = listFilter(q);
    const pageNo = pageParam(q.page);
    const result = await services.redirects.page(req.actor, filter, pageRequest(pageNo, PER_PAGE));
    const lang = langOf(req);
    const r = redirectMessages(lang);
    const view: RedirectListView = {
      ...result,
      ...extra,
      page: pageNo,
      pages: Math.max(1, Math.ceil(result.total / PER_PAGE)),
      filter: { q: filter.q, status: filter.status ? String(filter.status) : undefined, sort: filter.sort === 'path' ? undefined : filter.sort },
      csrf: req.session?.csrfToken ?? '',
      formatDate: (iso) => translator(lang).date(iso),
    };
    return send(reply, status, page(req, r.title, 'redirects', <RedirectsScreen m={adminMessages(lang)} r={r} view={view} />));
  }

  async function editScreen(req: FastifyRequest & { actor: Actor }, reply: FastifyReply, path: string, status: number, extra: Pick<RedirectEditView, 'error' | 'field' | 'form'> = {}) {
    const rule = await services.redirects.get(req.actor, path);
    const lang = langOf(req);
    const r = redirectMessages(lang);
    const view: RedirectEditView = { rule, ...extra, csrf: req.session?.csrfToken ?? '', formatTime: (iso) => translator(lang).dateTime(iso) };
    return send(reply, status, page(req, r.editTitle, 'redirects', <RedirectEditScreen r={r} view={view} />));
  }

  app.get('/admin/redirects', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const done = (req.query as Form).done;
    const r = redirectMessages(langOf(req));
    return listScreen(req, reply, 200, { ok: done === 'created' ? r.created : done === 'saved' ? r.saved : done === 'deleted' ? r.deleted : undefined });
  });

  app.post('/admin/redirects', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const body = (req.body ?? {}) as Form;
    try {
      await inTx((redirects, isLive) => redirects.create(req.actor, ruleInput(body), isLive));
      return reply.redirect('/admin/redirects?done=created', 303);
    } catch (e) {
      const { status, text, field } = refusal(req, e);
      return listScreen(req, reply, status, { error: text, field, form: formOf(body) });
    }
  });

  app.get('/admin/redirects/edit', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    return editScreen(req, reply, (req.query as Form).path ?? '', 200);
  });

  app.post('/admin/redirects/edit', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const body = (req.body ?? {}) as Form;
    try {
      await inTx((redirects) => redirects.update(req.actor, ruleInput(body)));
      return reply.redirect('/admin/redirects?done=saved', 303);
    } catch (e) {
      const { status, text, field } = refusal(req, e);
      if (status === 404) throw e;
      return editScreen(req, reply, body.from ?? '', status, { error: text, field, form: formOf(body) });
    }
  });

  app.post('/admin/redirects/delete', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    await inTx((redirects) => redirects.remove(req.actor, ((req.body ?? {}) as Form).from ?? ''));
    return reply.redirect('/admin/redirects?done=deleted', 303);
  });
}

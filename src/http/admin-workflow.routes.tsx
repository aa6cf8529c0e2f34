// The workspace screens every kind of content has (articles, pages, institutions): the list, the
// workflow step, the preview, revisions, comparison and restore. Every rule is the workflow
// service's; these only render. Each kind's editor lives with the kind.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminMessages, type AdminMessages } from '../admin/i18n.js';
import type { Screen } from '../admin/views/admin-views.js';
import { CompareView, ContentListScreen, RevisionsList, type ContentRow } from '../admin/views/content-views.js';
import { inTransaction, type Services } from '../app/services.js';
import type { Store } from '../db/index.js';
import type { Actor } from '../people/index.js';
import { beijingLocalToIso } from '../shared/clock.js';
import { isLang } from '../shared/lang.js';
import { pageRequest, type Paged, type PageRequest } from '../shared/page.js';
import type { CheckResult } from '../richtext/index.js';
import type { TermMatch } from '../terms/index.js';
import { translator } from '../site/i18n.js';
import type { SiteContext } from '../site/routes.js';
import { CONTENT_STATUSES, type AdminListFilter, type ContentKind, type ContentStatus, type RevisionBase, type RevisionComparison, type TransitionInput, type WorkflowItem } from '../workflow/index.js';
import { adminKit, pageParam } from './admin-kit.js';

type Form = Record<string, string | undefined>;
export type SignedInRequest = FastifyRequest & { actor: Actor };
const PER_PAGE = 25;

/** What the screens call of a kind's workflow. */
export interface AdminWorkflow<T> {
  list(actor: Actor | undefined, filter: AdminListFilter, req: PageRequest): Promise<Paged<T>>;
  get(actor: Actor | undefined, id: number): Promise<T>;
  transition(actor: Actor | undefined, id: number, input: TransitionInput): Promise<T>;
  revisions(actor: Actor | undefined, id: number): Promise<RevisionBase[]>;
  compare(actor: Actor | undefined, id: number, from: number, to: number): Promise<RevisionComparison>;
  restore(actor: Actor | undefined, id: number, revision: number, basedOn: number): Promise<T>;
  mayEdit(actor: Actor | undefined, item: T): boolean;
  allowedTransitions(actor: Actor | undefined, item: T): ContentStatus[];
  termsIn(item: T): Promise<TermMatch[]>;
  checksIn(item: T): CheckResult;
  /** The item's version in the other language, whatever its status. */
  otherVersion(item: T): Promise<T | undefined>;
}

export interface WorkflowScreens<T extends WorkflowItem> {
  /** Where the kind lives in the workspace: /admin/articles, /admin/pages… */
  base: string;
  screen: Screen;
  heading(m: AdminMessages): string;
  newLabel(m: AdminMessages): string;
  titleLabel(m: AdminMessages): string;
  workflow(s: Services): AdminWorkflow<T>;
  row(item: T): ContentRow;
  /** The public page of the item, whatever its state. */
  preview(site: SiteContext, item: T): Promise<string>;
  /** The item's editor again, with the message of a refused step. */
  editor(req: SignedInRequest, reply: FastifyReply, status: number, item: T, error?: string): Promise<unknown>;
}

export interface WorkspaceDeps {
  services: Services;
  store: Store;
  css: string;
  site: SiteContext;
}

const REVIEWING = new Set<ContentStatus>(['in_review', 'approved', 'scheduled']);
/** While an item is being reviewed: who submitted it with the accessibility warnings confirmed, and when. */
export async function checksConfirmedOf(services: Services, kind: ContentKind, item: WorkflowItem, formatTime: (iso: string) => string) {
  if (!REVIEWING.has(item.status)) return undefined;
  const last = await services.auth.latestSubmission(kind, item.id);
  return last?.confirmedChecks ? { by: last.actorName ?? '', at: formatTime(last.at) } : undefined;
}

export const idParam = (req: FastifyRequest) => {
  const id = Number((req.params as { id: string }).id);
  return Number.isInteger(id) && id > 0 && id < 2 ** 31 ? id : undefined;
};

/**
 * A handler for one item's address: the user is signed in (else sent to the sign-in form) and the
 * id is well-formed (else not found) before `handle` runs.
 */
export function forItem(signedIn: (req: FastifyRequest, reply: FastifyReply) => req is SignedInRequest, handle: (req: SignedInRequest, reply: FastifyReply, id: number) => Promise<unknown>) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = idParam(req);
    if (!signedIn(req, reply)) return reply;
    if (id === undefined) return reply.callNotFound();
    return handle(req, reply, id);
  };
}

export function registerWorkflowScreens<T extends WorkflowItem>(app: FastifyInstance, { services, store, css, site }: WorkspaceDeps, k: WorkflowScreens<T>) {
  const { langOf, send, page, messageFor, signedIn } = adminKit(css);
  const wf = k.workflow(services);
  const inTx = <R,>(work: (w: AdminWorkflow<T>) => Promise<R>) => inTransaction(store, services.clock, (s) => work(k.workflow(s)));
  /** Does `work` in a transaction and goes back to the editor: with `done` in the address, or the refusal's message. */
  async function act(req: SignedInRequest, reply: FastifyReply, id: number, done: string, work: (w: AdminWorkflow<T>) => Promise<unknown>) {
    try {
      await inTx(work);
      return reply.redirect(`${k.base}/${id}?done=${done}`, 303);
    } catch (e) {
      const { status, text } = messageFor(req, e);
      return k.editor(req, reply, status, await wf.get(req.actor, id), text);
    }
  }

  app.get(k.base, async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const q = req.query as Form;
    const status = CONTENT_STATUSES.includes(q.status as ContentStatus) ? (q.status as ContentStatus) : undefined;
    const lang = isLang(q.lang) ? q.lang : undefined;
    const sort = q.sort === 'title' || q.sort === 'published' ? q.sort : 'updated';
    const pageNo = pageParam(q.page);
    const text = q.q?.trim().slice(0, 100) || undefined;
    const result = await wf.list(req.actor, { statuses: status ? [status] : undefined, lang, q: text, sort }, pageRequest(pageNo, PER_PAGE));
    const m = adminMessages(langOf(req));
    const t = translator(langOf(req));
    const view = { items: result.items.map(k.row), total: result.total, page: pageNo, pages: Math.max(1, Math.ceil(result.total / PER_PAGE)), filter: { status, lang, q: text, sort }, formatTime: (iso: string) => t.dateTime(iso) };
    return send(reply, 200, page(req, k.heading(m), k.screen, <ContentListScreen m={m} view={view} base={k.base} heading={k.heading(m)} newLabel={k.newLabel(m)} titleLabel={k.titleLabel(m)} />));
  });

  app.post(`${k.base}/:id/transition`, forItem(signedIn, async (req, reply, id) => {
    const b = (req.body ?? {}) as Form;
    const [date, time] = (b.at ?? '').split('T');
    return act(req, reply, id, 'moved', (w) =>
      w.transition(req.actor, id, {
        to: (b.to ?? '') as ContentStatus,
        comment: b.comment,
        overrideTerms: b.overrideTerms,
        acceptChecks: b.acceptChecks === '1',
        revision: b.revision ? Number(b.revision) : undefined,
        at: date && time ? beijingLocalToIso(date, time) : undefined,
        clientAddress: req.ip,
      }),
    );
  }));

  // Exactly the public page, for any state: the same function renders both.
  app.get(`${k.base}/:id/preview`, forItem(signedIn, async (req, reply, id) => {
    const html = await k.preview(site, await wf.get(req.actor, id));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow').send(html);
  }));

  app.get(`${k.base}/:id/revisions`, forItem(signedIn, async (req, reply, id) => {
    const [item, revisions] = await Promise.all([wf.get(req.actor, id), wf.revisions(req.actor, id)]);
    const m = adminMessages(langOf(req));
    const t = translator(langOf(req));
    const list = <RevisionsList m={m} base={k.base} item={k.row(item)} revisions={revisions} csrf={req.session?.csrfToken ?? ''} formatTime={(iso) => t.dateTime(iso)} mayEdit={wf.mayEdit(req.actor, item)} />;
    return send(reply, 200, page(req, m.revisions, k.screen, list));
  }));

  app.get(`${k.base}/:id/compare`, forItem(signedIn, async (req, reply, id) => {
    const q = req.query as Form;
    const [from, to] = [Number(q.from), Number(q.to)];
    if (!Number.isInteger(from) || !Number.isInteger(to)) return reply.callNotFound();
    const [item, cmp] = await Promise.all([wf.get(req.actor, id), wf.compare(req.actor, id, from, to)]);
    const m = adminMessages(langOf(req));
    return send(reply, 200, page(req, m.compare, k.screen, <CompareView m={m} base={k.base} item={k.row(item)} cmp={cmp} />));
  }));

  app.post(`${k.base}/:id/restore`, forItem(signedIn, async (req, reply, id) => {
    const b = (req.body ?? {}) as Form;
    return act(req, reply, id, 'restored', (w) => w.restore(req.actor, id, Number(b.revision), Number(b.basedOn)));
  }));
}

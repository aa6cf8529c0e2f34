// Pages and institutions in the workspace: their editor (new, save with a revision, a stale save
// shown beside the stored one), and the screens every kind shares (admin-workflow.routes.tsx).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { adminMessages } from '../admin/i18n.js';
import { fieldMessages } from '../admin/i18n-fields.js';
import { ContentEditor, type ContentEditorView, type ContentForm } from '../admin/views/content-views.js';
import { inTransaction, type Services } from '../app/services.js';
import type { Institution, InstitutionPatch } from '../institutions/index.js';
import type { Page, PagePatch } from '../pages/index.js';
import { hasRole } from '../people/index.js';
import { NO_WARNINGS, type RichTextDoc } from '../richtext/index.js';
import { isLang, type Lang } from '../shared/lang.js';
import { renderInstitution, renderPage } from '../site/routes.js';
import { translator } from '../site/i18n.js';
import type { WorkflowItem } from '../workflow/index.js';
import { adminKit, prefilledNumber, translationOfParam } from './admin-kit.js';
import { bodyFrom, editorTextOf } from './admin-articles.routes.js';
import { checksConfirmedOf, forItem, registerWorkflowScreens, type AdminWorkflow, type SignedInRequest, type WorkflowScreens, type WorkspaceDeps } from './admin-workflow.routes.js';

type Form = Record<string, string | undefined>;
const EMPTY: RichTextDoc = { type: 'doc', content: [] };

/** What the editor needs of a kind besides the shared screens. */
interface EditorKind<T extends WorkflowItem, P> extends Omit<WorkflowScreens<T>, 'editor'> {
  kind: 'page' | 'institution';
  /** The workflow, with the kind's own create and update. */
  workflow(s: Services): AdminWorkflow<T> & {
    create(actor: SignedInRequest['actor'], input: P & { lang: Lang }): Promise<T>;
    update(actor: SignedInRequest['actor'], id: number, patch: P, basedOn: number, options: { overrideTerms?: string; clientAddress?: string | null }): Promise<T>;
  };
  formOf(item: T): ContentForm;
  /** The save the form asks for. */
  patchOf(b: Form): P;
}

/** The form as the user sent it, so that nothing typed is lost when a save is refused. */
function sentForm(b: Form, revision: number): ContentForm {
  const { lang = '', title = '', summary = '', bodyText = '', position, address, phone, email, externalUrl, aliases } = b;
  const translationOf = b.translationOf?.trim() ?? '';
  return { lang, title, slug: b.slug?.trim() ?? '', summary, bodyText, format: b.format === 'html' ? 'html' : 'text', revision, position, address, phone, email, externalUrl, aliases, translationOf };
}

function registerEditor<T extends WorkflowItem, P>(app: FastifyInstance, deps: WorkspaceDeps, k: EditorKind<T, P>) {
  const { services, store, css } = deps;
  const { langOf, send, page, messageFor, signedIn } = adminKit(css);
  const wf = k.workflow(services);
  const inTx = <R,>(work: (w: ReturnType<EditorKind<T, P>['workflow']>) => Promise<R>) => inTransaction(store, services.clock, (s) => work(k.workflow(s)));

  type Extra = Pick<ContentEditorView, 'error' | 'ok' | 'conflict' | 'unsaved'>;
  async function editor(req: SignedInRequest, reply: FastifyReply, status: number, item: T | undefined, form: ContentForm, extra: Extra = {}) {
    const m = adminMessages(langOf(req));
    const f = fieldMessages(langOf(req));
    const other = item ? await wf.otherVersion(item) : undefined;
    const linkedTitle = other && k.row(other).title;
    const view: ContentEditorView = {
      ...extra,
      kind: k.kind,
      base: k.base,
      item: item && k.row(item),
      form,
      csrf: req.session?.csrfToken ?? '',
      mayEdit: item ? wf.mayEdit(req.actor, item) : true,
      transitions: item ? wf.allowedTransitions(req.actor, item) : [],
      termMatches: item ? await wf.termsIn(item) : [],
      checks: item ? wf.checksIn(item) : NO_WARNINGS,
      checksConfirmed: item ? await checksConfirmedOf(services, k.kind, item, (iso) => translator(langOf(req)).dateTime(iso)) : undefined,
      mayOverrideTerms: hasRole(req.actor, 'publisher'),
      // A stored form shows the stored link; a refused one what the user typed.
      translation: {
        kind: k.kind,
        label: k.kind === 'page' ? f.pageTranslation : f.institutionTranslation,
        hint: k.kind === 'page' ? f.pageTranslationHint : f.institutionTranslationHint,
        value: form.translationOf ?? (other ? String(other.id) : ''),
        ...(other && linkedTitle !== undefined ? { linked: { id: other.id, title: linkedTitle, text: f.translationNow(linkedTitle) } } : {}),
      },
    };
    return send(reply, status, page(req, item ? k.row(item).title : k.newLabel(m), k.screen, <ContentEditor m={m} view={view} />));
  }

  // The translation view's "create translation" opens this with the language and the source filled in.
  app.get(`${k.base}/new`, async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const q = req.query as Form;
    return editor(req, reply, 200, undefined, { ...sentForm({}, 0), lang: isLang(q.lang) ? q.lang : langOf(req), translationOf: prefilledNumber(q.translationOf) });
  });

  app.post(k.base, async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const b = (req.body ?? {}) as Form;
    const lang = isLang(b.lang) ? b.lang : 'zh';
    try {
      const item = await inTx((w) => w.create(req.actor, { ...k.patchOf(b), lang }));
      return reply.redirect(`${k.base}/${item.id}?done=saved`, 303);
    } catch (e) {
      const { status, text } = messageFor(req, e);
      return editor(req, reply, status, undefined, { ...sentForm(b, 0), lang }, { error: text });
    }
  });

  app.get(`${k.base}/:id`, forItem(signedIn, async (req, reply, id) => {
    const item = await wf.get(req.actor, id);
    const done = (req.query as Form).done;
    const m = adminMessages(langOf(req));
    return editor(req, reply, 200, item, k.formOf(item), { ok: done === 'restored' ? m.restored : done ? m.saved : undefined });
  }));

  app.post(`${k.base}/:id`, forItem(signedIn, async (req, reply, id) => {
    const b = (req.body ?? {}) as Form;
    const basedOn = Number(b.revision);
    try {
      await inTx((w) => w.update(req.actor, id, k.patchOf(b), basedOn, { overrideTerms: b.overrideTerms, clientAddress: req.ip }));
      return reply.redirect(`${k.base}/${id}?done=saved`, 303);
    } catch (e) {
      const { status, text, code } = messageFor(req, e);
      const current = await wf.get(req.actor, id);
      // Nothing typed is thrown away: the form keeps the user's text, and a stale save shows both.
      const stored = k.formOf(current);
      const conflict = code.endsWith('_REVISION_STALE') ? { title: stored.title, bodyText: stored.bodyText, revision: current.revision } : undefined;
      return editor(req, reply, status, current, { ...sentForm(b, basedOn), lang: current.lang }, { error: conflict ? undefined : text, conflict, unsaved: true });
    }
  }));

  registerWorkflowScreens(app, deps, { ...k, editor: (req, reply, status, item, error) => editor(req, reply, status, item, k.formOf(item), { error }) });
}

const orNull = (v: string | undefined) => v?.trim() || null;
/** The other language's version when the form has the field (see translationOfParam). */
const translationOf = (b: Form) => {
  const value = translationOfParam(b.translationOf);
  return value === undefined ? {} : { translationOf: value };
};
/** The slug when the user gave one; left empty, the workflow makes one from the title. */
const slugOf = (b: Form) => (b.slug?.trim() ? { slug: b.slug.trim() } : {});

export async function adminContentRoutes(app: FastifyInstance, deps: WorkspaceDeps) {
  registerEditor<Page, PagePatch>(app, deps, {
    kind: 'page',
    base: '/admin/pages',
    screen: 'pages',
    heading: (m) => m.pagesNav,
    newLabel: (m) => m.newPage,
    titleLabel: (m) => m.title,
    workflow: (s) => s.pagesWorkflow,
    row: (p) => p,
    preview: async (site, p) => (await renderPage(site, p)).body,
    formOf: (p) => ({ lang: p.lang, title: p.title, slug: p.slug, summary: p.summary ?? '', ...editorTextOf(p.body), revision: p.revision }),
    patchOf: (b) => ({ title: b.title ?? '', ...slugOf(b), summary: orNull(b.summary), body: bodyFrom(b), ...translationOf(b) }),
  });
  registerEditor<Institution, InstitutionPatch>(app, deps, {
    kind: 'institution',
    base: '/admin/institutions',
    screen: 'institutions',
    heading: (m) => m.institutionsNav,
    newLabel: (m) => m.newInstitution,
    titleLabel: (m) => m.contentName,
    workflow: (s) => s.institutionsWorkflow,
    row: (i) => ({ ...i, title: i.name }),
    preview: async (site, i) => (await renderInstitution(site, i)).body,
    formOf: (i) => ({
      lang: i.lang,
      title: i.name,
      slug: i.slug,
      summary: '',
      ...editorTextOf(i.profile ?? EMPTY),
      revision: i.revision,
      position: String(i.position),
      address: i.address ?? '',
      phone: i.phone ?? '',
      email: i.email ?? '',
      externalUrl: i.externalUrl ?? '',
      aliases: i.aliases.join('\n'),
    }),
    patchOf: (b) => ({
      name: b.title ?? '',
      ...slugOf(b),
      profile: bodyFrom(b),
      // An empty number puts a new institution after the last one, and leaves a saved one's as it is.
      ...(b.position?.trim() ? { position: Number(b.position) } : {}),
      address: orNull(b.address),
      phone: orNull(b.phone),
      email: orNull(b.email),
      externalUrl: orNull(b.externalUrl),
      // One per line; blank lines are only spacing. A form without the field leaves them as they are.
      ...(b.aliases === undefined ? {} : { aliases: b.aliases.split(/\r?\n/).filter((line) => line.trim() !== '') }),
      ...translationOf(b),
    }),
  });
}

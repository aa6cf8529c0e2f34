// The write API: the same services and rules as the workspace, for scripts with an API token.
// Articles, pages and institutions have the same four endpoints, over their own workflow.
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, type Services } from '../app/services.js';
import type { Store } from '../db/index.js';
import { docFromEditorJson, docFromHtml, type RichTextDoc } from '../richtext/index.js';
import type { Actor } from '../people/index.js';
import { AppError } from '../shared/errors.js';
import { LANGS, type Lang } from '../shared/lang.js';
import { CONTENT_STATUSES, type RevisionBase, type TransitionInput, type WorkflowItem } from '../workflow/index.js';

const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });
const IdParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Fields every kind has: the address, who may set the date and the author, and no status. */
const Common = {
  slug: z.string().max(200).optional(),
  publishedAt: z.iso.datetime({ offset: true }).nullable().optional().describe('Publishers and above only'),
  authorId: z.number().int().positive().optional().describe('Administrators only'),
  status: z.string().optional().describe('Not settable here: use the transitions endpoint'),
};
/** The document as ProseMirror/TipTap JSON: mapped onto the stored schema as the workspace's editor's is. */
const EditorDoc = z.looseObject({ type: z.literal('doc'), content: z.array(z.unknown()).optional() });
const DOC_HELP =
  'ProseMirror/TipTap JSON: paragraph, heading (levels 2-4), blockquote, bulletList, orderedList, listItem, image {mediaId, alt, caption}, table/tableRow/tableCell/tableHeader {colspan, rowspan}, hardBreak, text with marks bold, italic, underline, link {href}. Attributes outside the schema are dropped, heading levels clamped to 2-4, unsafe links dropped (their text kept); other nodes are refused (RICHTEXT_INVALID)';
const Doc = EditorDoc.optional().describe(`The structured document: ${DOC_HELP}`);
const DocHtml = z.string().max(4_000_000).optional().describe('HTML instead of the document: sanitised and converted');
const Titled = { title: z.string().min(1).max(500).optional(), summary: z.string().max(2000).nullable().optional(), body: Doc, bodyHtml: DocHtml };
const Position = z.number().int().min(0).max(1_000_000).optional();
const Contact = z.string().max(500).nullable().optional();
/** Every kind pairs with its other-language version the same way (workflow.translations.ts). */
const translationOf = (kind: string) =>
  z
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .nullable()
    .optional()
    .describe(`The number of the ${kind} in the other language that this one is a version of; null unlinks (TRANSLATION_INVALID, TRANSLATION_TAKEN)`);

const ArticleFields = {
  ...Titled,
  ...Common,
  channelId: z.number().int().positive().nullable().optional(),
  seoTitle: z.string().max(200).nullable().optional().describe('For search engines; the title when empty'),
  seoDescription: z.string().max(500).nullable().optional().describe('For search engines; the summary when empty'),
  institutionIds: z.array(z.number().int().positive().max(2 ** 31 - 1)).max(100).optional().describe("Institutions (in the article's language) the article is about; replaces the list"),
  translationOf: translationOf('article'),
};
const PageFields = { ...Titled, ...Common, position: Position.describe('Order among pages'), translationOf: translationOf('page') };
const InstitutionFields = {
  name: z.string().min(1).max(500).optional(),
  profile: EditorDoc.nullable().optional().describe(`The structured profile; null or empty: a line in the directory only. ${DOC_HELP}`),
  profileHtml: DocHtml,
  ...Common,
  position: Position.describe('Number in the directory (default: after the last one)'),
  address: Contact,
  phone: Contact,
  email: Contact,
  externalUrl: Contact.describe('The institution\'s own website, http(s)'),
  // Loose bounds against huge bodies; the rules (and their error, INSTITUTION_ALIASES_INVALID) are the domain's, as for the workspace's form.
  translationOf: translationOf('institution'),
  aliases: z.array(z.string().max(1000)).max(100).optional().describe('Other names in its language, for finding mentions in articles: trimmed, each once, at most 100 characters each, at most 20; replaces the list'),
};

const Revision = z.number().int().positive().describe('The revision this edit is based on');
const OverrideTerms = z.string().max(500).optional();
const transitionBody = (id: string) =>
  z
    .object({
      to: z.enum(CONTENT_STATUSES),
      comment: z.string().max(2000).optional(),
      at: z.iso.datetime({ offset: true }).optional().describe('For "scheduled": when to publish'),
      unpublishAt: z.iso.datetime({ offset: true }).optional().describe('For "published": when to take it down'),
      overrideTerms: OverrideTerms.describe('Publishers: the reason to go ahead although sensitive terms were found'),
      acceptChecks: z.boolean().optional().describe('Submitting (to "in_review"): go ahead although the accessibility checks warn (ACCESSIBILITY_CHECKS_FAILED lists the warnings); kept in the audit log'),
      revision: z.number().int().positive().optional().describe('The revision the decision is about; refused (409) when it was saved since'),
    })
    .meta({ id });
const Saved = z.object({
  id: z.number().int(),
  revision: z.number().int(),
  status: z.enum(CONTENT_STATUSES),
  slug: z.string(),
  lang: z.enum(LANGS),
  institutionIds: z.array(z.number().int()).optional().describe('Articles: the institutions it is about'),
  translationGroup: z.number().int().nullable().optional().describe('Shared with its other-language version; null when it has none'),
});
const Revisions = z.object({
  items: z.array(z.object({ revision: z.number().int(), title: z.string(), status: z.string(), savedBy: z.number().int().nullable(), createdAt: z.string() })),
});

const saved = (a: WorkflowItem & { institutionIds?: number[]; translationGroup?: number | null }) => ({
  id: a.id,
  revision: a.revision,
  status: a.status,
  slug: a.slug,
  lang: a.lang,
  ...(a.institutionIds ? { institutionIds: a.institutionIds } : {}),
  ...(a.translationGroup !== undefined ? { translationGroup: a.translationGroup } : {}),
});

/** The workflow operations the endpoints call, whatever the kind. */
interface WriteWorkflow {
  /** The input is the kind's own: the request schema has checked its shape. */
  create(actor: Actor | undefined, input: never): Promise<WorkflowItem>;
  update(actor: Actor | undefined, id: number, patch: never, basedOn: number, options: { overrideTerms?: string; clientAddress?: string | null }): Promise<WorkflowItem>;
  transition(actor: Actor | undefined, id: number, input: TransitionInput): Promise<WorkflowItem>;
  revisions(actor: Actor | undefined, id: number): Promise<RevisionBase[]>;
}

type Body = Record<string, unknown> & { status?: string };
/**
 * The status changes only through transitions; the document comes as JSON (`docField`) or as
 * HTML (`docField` + "Html"), which is sanitised. What is left is the kind's own fields.
 */
function content(b: Body, docField: 'body' | 'profile') {
  const htmlField = `${docField}Html`;
  if (b.status !== undefined) throw new AppError('forbidden', 'FIELD_FORBIDDEN', 'status changes only through /transitions', { isPublic: true, details: { field: 'status' } });
  if (b[docField] !== undefined && b[htmlField] !== undefined)
    throw new AppError('invalid', 'REQUEST_INVALID', `send ${docField} or ${htmlField}, not both`, { isPublic: true, details: [{ field: htmlField }] });
  const { status: _status, [htmlField]: html, [docField]: doc, ...rest } = b;
  // The same mapping as the workspace's editor: what a TipTap client sends is taken as it would be there.
  return { ...rest, ...(typeof html === 'string' ? { [docField]: docFromHtml(html) } : doc != null ? { [docField]: docFromEditorJson(doc) } : doc === null ? { [docField]: null } : {}) };
}

interface KindRoutes {
  path: string;
  tag: string;
  noun: string;
  docField: 'body' | 'profile';
  create: z.ZodType<Body & { lang: Lang }>;
  patch: z.ZodType<Body & { revision: number; overrideTerms?: string }>;
  transition: z.ZodType<TransitionInput>;
  workflow: (s: Services) => WriteWorkflow;
}

function registerKind(app: FastifyInstance, services: Services, store: Store, k: KindRoutes) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Each change and its revision row and audit entry are written together or not at all.
  const inTx = <T>(work: (wf: WriteWorkflow) => Promise<T>) => inTransaction(store, services.clock, (s) => work(k.workflow(s)));
  const empty: RichTextDoc = { type: 'doc', content: [] };
  const tags = [k.tag];

  api.post(k.path, { schema: { tags, summary: `Create a draft ${k.noun}`, body: k.create, response: { 201: Saved, ...errors } } }, async (req, reply) => {
    const fields = content(req.body, k.docField);
    const input = { ...fields, ...(k.docField === 'body' && fields.body === undefined ? { body: empty } : {}) };
    const item = await inTx((wf) => wf.create(req.actor, input as never));
    return reply.code(201).send(saved(item));
  });

  api.patch(`${k.path}/:id`, { schema: { tags, summary: `Save an edit of a ${k.noun} (409 when based on an old revision)`, params: IdParams, body: k.patch, response: { 200: Saved, ...errors } } }, async (req) => {
    const { revision, overrideTerms, ...fields } = req.body;
    return saved(await inTx((wf) => wf.update(req.actor, req.params.id, content(fields, k.docField) as never, revision, { overrideTerms, clientAddress: req.ip })));
  });

  api.post(`${k.path}/:id/transitions`, { schema: { tags, summary: `Move a ${k.noun} through the workflow`, params: IdParams, body: k.transition, response: { 200: Saved, ...errors } } }, async (req) => {
    return saved(await inTx((wf) => wf.transition(req.actor, req.params.id, { ...req.body, clientAddress: req.ip })));
  });

  api.get(`${k.path}/:id/revisions`, { schema: { tags, summary: `Every saved revision of a ${k.noun}, newest first`, params: IdParams, response: { 200: Revisions, ...errors } } }, async (req) => {
    const items = await k.workflow(services).revisions(req.actor, req.params.id);
    return { items: items.map((r) => ({ revision: r.revision, title: r.title, status: r.status, savedBy: r.savedBy, createdAt: r.createdAt })) };
  });
}

export const apiWriteRoutes: FastifyPluginAsyncZod<{ services: Services; store: Store }> = async (app, { services, store }) => {
  registerKind(app, services, store, {
    path: '/articles',
    tag: 'articles',
    noun: 'article',
    docField: 'body',
    create: z.strictObject({ lang: z.enum(LANGS), ...ArticleFields, title: z.string().min(1).max(500) }).meta({ id: 'ArticleCreate' }),
    patch: z.strictObject({ revision: Revision, ...ArticleFields, overrideTerms: OverrideTerms.describe('Publishers, editing approved or public text: the reason to keep sensitive terms') }).meta({ id: 'ArticlePatch' }),
    transition: transitionBody('ArticleTransition').strict(),
    workflow: (s) => s.newsWorkflow,
  });
  // Every kind refuses what it does not know, naming the field (400 REQUEST_INVALID): a misspelt
  // field must not be dropped silently.
  registerKind(app, services, store, {
    path: '/pages',
    tag: 'pages',
    noun: 'page',
    docField: 'body',
    create: z.strictObject({ lang: z.enum(LANGS), ...PageFields, title: z.string().min(1).max(500) }).meta({ id: 'PageCreate' }),
    patch: z.strictObject({ revision: Revision, ...PageFields, overrideTerms: OverrideTerms }).meta({ id: 'PagePatch' }),
    transition: transitionBody('PageTransition').strict(),
    workflow: (s) => s.pagesWorkflow,
  });
  registerKind(app, services, store, {
    path: '/institutions',
    tag: 'institutions',
    noun: 'institution',
    docField: 'profile',
    create: z.strictObject({ lang: z.enum(LANGS), ...InstitutionFields, name: z.string().min(1).max(500) }).meta({ id: 'InstitutionCreate' }),
    patch: z.strictObject({ revision: Revision, ...InstitutionFields, overrideTerms: OverrideTerms }).meta({ id: 'InstitutionPatch' }),
    transition: transitionBody('InstitutionTransition').strict(),
    workflow: (s) => s.institutionsWorkflow,
  });
};

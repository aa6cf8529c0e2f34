// The write API: the same services and rules as the workspace, for scripts with an API token.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, type Services } from '../app/services.js';
import type { Store } from '../db/index.js';
import { ARTICLE_STATUSES, type Article } from '../news/index.js';
import { docFromEditorJson, docFromHtml } from '../richtext/index.js';
import { AppError } from '../shared/errors.js';
import { LANGS } from '../shared/lang.js';

const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });
const IdParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

const Fields = {
  title: z.string().min(1).max(500).optional(),
  slug: z.string().max(200).optional(),
  summary: z.string().max(2000).nullable().optional(),
  body: z
    .looseObject({ type: z.literal('doc'), content: z.array(z.unknown()).optional() })
    .optional()
    .describe('The structured document (ProseMirror/TipTap JSON): paragraph, heading (levels 2-4), blockquote, bulletList, orderedList, listItem, image {mediaId, alt, caption}, table/tableRow/tableCell/tableHeader {colspan, rowspan}, hardBreak, text with marks bold, italic, underline, link {href}. Attributes outside the schema are dropped, heading levels clamped to 2-4, unsafe links dropped (their text kept); other nodes are refused (RICHTEXT_INVALID)'),
  bodyHtml: z.string().max(4_000_000).optional().describe('HTML instead of body: sanitised and converted'),
  channelId: z.number().int().positive().nullable().optional(),
  publishedAt: z.iso.datetime({ offset: true }).nullable().optional().describe('Publishers and above only'),
  authorId: z.number().int().positive().optional().describe('Administrators only'),
  seoTitle: z.string().max(200).nullable().optional().describe('For search engines; the title when empty'),
  seoDescription: z.string().max(500).nullable().optional().describe('For search engines; the summary when empty'),
  institutionIds: z.array(z.number().int().positive().max(2 ** 31 - 1)).max(100).optional().describe('Institutions (in the article\'s language) the article is about; replaces the list'),
  translationOf: z.number().int().positive().max(2 ** 31 - 1).nullable().optional().describe('The article in the other language this one translates; null unlinks'),
  status: z.string().optional().describe('Not settable here: use the transitions endpoint'),
};
// Unknown fields are refused (400 naming them), not dropped: a misspelt field must not be lost silently.
const CreateBody = z.strictObject({ lang: z.enum(LANGS), ...Fields, title: z.string().min(1).max(500) }).meta({ id: 'ArticleCreate' });
const PatchBody = z
  .strictObject({
    revision: z.number().int().positive().describe('The revision this edit is based on'),
    ...Fields,
    overrideTerms: z.string().max(500).optional().describe('Publishers, editing approved or public text: the reason to keep sensitive terms'),
  })
  .meta({ id: 'ArticlePatch' });
const TransitionBody = z
  .strictObject({
    to: z.enum(ARTICLE_STATUSES),
    comment: z.string().max(2000).optional(),
    at: z.iso.datetime({ offset: true }).optional().describe('For "scheduled": when to publish'),
    unpublishAt: z.iso.datetime({ offset: true }).optional().describe('For "published": when to take it down'),
    overrideTerms: z.string().max(500).optional().describe('Publishers: the reason to go ahead although sensitive terms were found'),
    revision: z.number().int().positive().optional().describe('The revision the decision is about; refused (409) when the article was saved since'),
  })
  .meta({ id: 'ArticleTransition' });
const Saved = z.object({ id: z.number().int(), revision: z.number().int(), status: z.enum(ARTICLE_STATUSES), slug: z.string(), lang: z.enum(LANGS), institutionIds: z.array(z.number().int()), translationGroup: z.number().int().nullable() });
const Revisions = z.object({
  items: z.array(z.object({ revision: z.number().int(), title: z.string(), status: z.string(), savedBy: z.number().int().nullable(), createdAt: z.string() })),
});

const saved = (a: Article) => ({ id: a.id, revision: a.revision, status: a.status, slug: a.slug, lang: a.lang, institutionIds: a.institutionIds, translationGroup: a.translationGroup });

type FieldsIn = { [K in keyof typeof Fields]?: z.infer<(typeof Fields)[K]> };
function content(b: FieldsIn) {
  if (b.status !== undefined) throw new AppError('forbidden', 'FIELD_FORBIDDEN', 'status changes only through /transitions', { isPublic: true, details: { field: 'status' } });
  if (b.body !== undefined && b.bodyHtml !== undefined) throw new AppError('invalid', 'REQUEST_INVALID', 'send body or bodyHtml, not both', { isPublic: true, details: [{ field: 'bodyHtml' }] });
  const { status: _status, bodyHtml, body, ...rest } = b;
  // The same mapping as the workspace's editor: what a TipTap client sends is taken as it would be there.
  return { ...rest, ...(bodyHtml !== undefined ? { body: docFromHtml(bodyHtml) } : body !== undefined ? { body: docFromEditorJson(body) } : {}) };
}

export const apiWriteRoutes: FastifyPluginAsyncZod<{ services: Services; store: Store }> = async (app, { services, store }) => {
  // Each change and its revision row and audit entry are written together or not at all.
  const inTx = <T>(work: (wf: Services['newsWorkflow']) => Promise<T>) => inTransaction(store, services.clock, (s) => work(s.newsWorkflow));
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

  app.post('/articles', { schema: { tags: ['articles'], summary: 'Create a draft', body: CreateBody, response: { 201: Saved, ...errors } } }, async (req, reply) => {
    const { lang, ...fields } = req.body;
    const c = content(fields);
    const article = await inTx((wf) => wf.create(req.actor, { ...c, lang, title: fields.title, body: c.body ?? { type: 'doc', content: [] } }));
    return reply.code(201).send(saved(article));
  });

  app.patch('/articles/:id', { schema: { tags: ['articles'], summary: 'Save an edit (409 when based on an old revision)', params: IdParams, body: PatchBody, response: { 200: Saved, ...errors } } }, async (req) => {
    const { revision, overrideTerms, ...fields } = req.body;
    return saved(await inTx((wf) => wf.update(req.actor, req.params.id, content(fields), revision, { overrideTerms, clientAddress: req.ip })));
  });

  app.post('/articles/:id/transitions', { schema: { tags: ['articles'], summary: 'Move an article through the workflow', params: IdParams, body: TransitionBody, response: { 200: Saved, ...errors } } }, async (req) => {
    return saved(await inTx((wf) => wf.transition(req.actor, req.params.id, { ...req.body, clientAddress: req.ip })));
  });

  app.get('/articles/:id/revisions', { schema: { tags: ['articles'], summary: 'Every saved revision, newest first', params: IdParams, response: { 200: Revisions, ...errors } } }, async (req) => {
    const items = await services.newsWorkflow.revisions(req.actor, req.params.id);
    return { items: items.map((r) => ({ revision: r.revision, title: r.title, status: r.status, savedBy: r.savedBy, createdAt: r.createdAt })) };
  });
};

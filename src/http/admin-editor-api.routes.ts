// The rich-text editor's JSON endpoints: autosave (creating a new article first), and presence.
// Session and CSRF as for every workspace form (the x-csrf-token header); every rule is the
// services'. A stale autosave is refused with 409 and the stored version, for the editor to merge.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, type Services } from '../app/services.js';
import type { Store } from '../db/index.js';
import type { Article } from '../news/index.js';
import { docFromEditorJson } from '../richtext/index.js';
import { isAppError } from '../shared/errors.js';
import { LANGS } from '../shared/lang.js';

const IdParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
const Content = {
  title: z.string().max(500),
  slug: z.string().max(200).optional(),
  summary: z.string().max(2000).optional(),
  body: z.unknown(),
};
const CreateBody = z.object({ lang: z.enum(LANGS), ...Content });
const AutosaveBody = z.object({ revision: z.number().int().positive(), ...Content });
const PresenceBody = z.object({ type: z.literal('article'), id: z.number().int().positive().max(2 ** 31 - 1), leave: z.boolean().optional() });

type ContentIn = { title: string; slug?: string; summary?: string; body: unknown };
const patchOf = (b: ContentIn) => ({
  title: b.title,
  ...(b.slug?.trim() ? { slug: b.slug.trim() } : {}),
  summary: b.summary?.trim() ? b.summary : null,
  body: docFromEditorJson(b.body),
});
const savedOf = (a: Article) => ({ id: a.id, revision: a.revision, savedAt: a.updatedAt, slug: a.slug, url: `/admin/articles/${a.id}` });
const theirs = (a: Article) => ({ revision: a.revision, title: a.title, summary: a.summary ?? '', body: a.body, savedAt: a.updatedAt });

export async function adminEditorApiRoutes(app: FastifyInstance, { services, store }: { services: Services; store: Store }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const inTx = <T>(work: (s: Services) => Promise<T>) => inTransaction(store, services.clock, work);

  api.post('/admin/api/articles', { schema: { body: CreateBody } }, async (req, reply) => {
    const { lang, ...content } = req.body;
    const a = await inTx((s) => s.newsWorkflow.create(req.actor, { lang, ...patchOf(content) }));
    return reply.code(201).header('cache-control', 'no-store').send(savedOf(a));
  });

  api.post('/admin/api/articles/:id/autosave', { schema: { params: IdParams, body: AutosaveBody } }, async (req, reply) => {
    const { revision, ...content } = req.body;
    try {
      const a = await inTx((s) => s.newsWorkflow.autosave(req.actor, req.params.id, patchOf(content), revision));
      return reply.header('cache-control', 'no-store').send(savedOf(a));
    } catch (e) {
      if (!isAppError(e) || e.code !== 'ARTICLE_REVISION_STALE') throw e;
      // Nothing is written; the editor shows both versions and keeps the user's.
      const current = await services.newsWorkflow.get(req.actor, req.params.id);
      return reply.code(409).header('cache-control', 'no-store').send({ error: { code: e.code, message: e.message, details: e.extra.details }, current: theirs(current) });
    }
  });

  api.post('/admin/api/presence', { schema: { body: PresenceBody } }, async (req, reply) => {
    const { leave, ...ref } = req.body;
    if (leave) {
      await inTx((s) => s.presence.leave(req.actor, ref));
      return reply.header('cache-control', 'no-store').send({ others: [] });
    }
    const others = await inTx((s) => s.presence.heartbeat(req.actor, ref));
    return reply.header('cache-control', 'no-store').send({ others: others.map((p) => ({ name: p.displayName, seenAt: p.seenAt })) });
  });
}

// The media library in the workspace: the screens (/admin/media) and the JSON endpoints the
// rich-text editor calls (/admin/api/media). Every rule is the media service's; this only renders.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminMessages } from '../admin/i18n.js';
import { formatBytes, MediaDetail, MediaScreen, thumbOf, type MediaDetailView, type MediaListView } from '../admin/views/media-views.js';
import type { Services } from '../app/services.js';
import type { MediaItem, MediaKind, MediaListFilter, MediaUse } from '../media/index.js';
import type { Actor } from '../people/index.js';
import { isAppError } from '../shared/errors.js';
import { pageRequest } from '../shared/page.js';
import { translator } from '../site/i18n.js';
import { adminKit, pageParam } from './admin-kit.js';
import { STATUS_OF_KIND } from './errors.js';
import { readUpload } from './uploads.js';

type Form = Record<string, string | undefined>;
const PER_PAGE = 25;

/** What the editor's image picker needs of an item. */
export function mediaJson(item: MediaItem) {
  return { id: item.id, kind: item.kind, name: item.name, alt: item.alt, width: item.width, height: item.height, thumbUrl: thumbOf(item) };
}

export function listFilter(q: Form): MediaListFilter {
  const kind = q.kind === 'image' || q.kind === 'document' ? (q.kind as MediaKind) : undefined;
  const sort = q.sort === 'oldest' || q.sort === 'name' || q.sort === 'size' ? q.sort : 'newest';
  return { q: q.q?.trim().slice(0, 100) || undefined, kind, sort };
}

export async function adminMediaRoutes(app: FastifyInstance, { services, css }: { services: Services; css: string }) {
  const { langOf, send, page, signedIn } = adminKit(css);
  const media = services.media;
  const idOf = (req: FastifyRequest) => {
    const id = Number((req.params as { id: string }).id);
    return Number.isInteger(id) && id > 0 && id < 2 ** 31 ? id : undefined;
  };
  /** The refusal in the user's words (the feature's own messages first). */
  const refusal = (req: FastifyRequest, e: unknown) => {
    if (!isAppError(e)) throw e;
    const m = adminMessages(langOf(req));
    return { status: STATUS_OF_KIND[e.kind], text: m.media.errors[e.code] ?? m.errors[e.code] ?? e.message, code: e.code, details: e.extra.details };
  };

  async function listScreen(req: FastifyRequest & { actor: Actor }, reply: FastifyReply, status: number, extra: Pick<MediaListView, 'error' | 'ok' | 'alt'> = {}) {
    const q = req.query as Form;
    const filter = listFilter(q);
    const pageNo = pageParam(q.page);
    const result = await media.list(req.actor, filter, pageRequest(pageNo, PER_PAGE));
    const m = adminMessages(langOf(req));
    const t = translator(langOf(req));
    const view: MediaListView = {
      ...result,
      ...extra,
      page: pageNo,
      pages: Math.max(1, Math.ceil(result.total / PER_PAGE)),
      filter: { q: filter.q, kind: filter.kind, sort: filter.sort === 'newest' ? undefined : filter.sort },
      csrf: req.session?.csrfToken ?? '',
      limits: { image: formatBytes(services.media.limits.maxImageBytes), document: formatBytes(services.media.limits.maxDocumentBytes) },
      formatTime: (iso) => t.dateTime(iso),
    };
    return send(reply, status, page(req, m.media.title, 'media', <MediaScreen m={m} view={view} />));
  }

  async function detailScreen(req: FastifyRequest & { actor: Actor }, reply: FastifyReply, id: number, status: number, extra: Pick<MediaDetailView, 'error' | 'ok'> & { blockedBy?: MediaUse[] } = {}) {
    const { item, uses } = await media.get(req.actor, id);
    const m = adminMessages(langOf(req));
    const t = translator(langOf(req));
    const view: MediaDetailView = { item, uses, ...extra, csrf: req.session?.csrfToken ?? '', mayManage: media.mayManage(req.actor, item), formatTime: (iso) => t.dateTime(iso) };
    return send(reply, status, page(req, item.name, 'media', <MediaDetail m={m} view={view} />));
  }

  app.get('/admin/media', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const done = (req.query as Form).done;
    const m = adminMessages(langOf(req));
    return listScreen(req, reply, 200, { ok: done === 'deleted' ? m.media.deleted : undefined });
  });

  app.post('/admin/media', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    media.assertMayUpload(req.actor);
    let alt: string | undefined;
    try {
      const { fields, file } = await readUpload(req, media.maxUploadBytes);
      alt = fields.alt;
      const item = await media.upload(req.actor, { data: file.data, filename: file.filename, alt: fields.alt });
      return reply.redirect(`/admin/media/${item.id}?done=uploaded`, 303);
    } catch (e) {
      const { status, text } = refusal(req, e);
      return listScreen(req, reply, status, { error: text, alt });
    }
  });

  app.get('/admin/media/:id', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const id = idOf(req);
    if (id === undefined) return reply.callNotFound();
    const done = (req.query as Form).done;
    const m = adminMessages(langOf(req));
    return detailScreen(req, reply, id, 200, { ok: done === 'uploaded' ? m.media.uploadedOk : done === 'saved' ? m.media.altSaved : undefined });
  });

  app.post('/admin/media/:id', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const id = idOf(req);
    if (id === undefined) return reply.callNotFound();
    try {
      await media.updateAlt(req.actor, id, ((req.body ?? {}) as Form).alt ?? '');
      return reply.redirect(`/admin/media/${id}?done=saved`, 303);
    } catch (e) {
      const { status, text } = refusal(req, e);
      return detailScreen(req, reply, id, status, { error: text });
    }
  });

  app.post('/admin/media/:id/delete', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const id = idOf(req);
    if (id === undefined) return reply.callNotFound();
    try {
      await media.remove(req.actor, id);
      return reply.redirect('/admin/media?done=deleted', 303);
    } catch (e) {
      const { status, text, code, details } = refusal(req, e);
      const blockedBy = code === 'MEDIA_IN_USE' ? (details as { uses: MediaUse[] }).uses : undefined;
      return detailScreen(req, reply, id, status, { error: text, blockedBy });
    }
  });

  // JSON for the rich-text editor: session and CSRF (x-csrf-token) like every fetch of the workspace.
  app.get('/admin/api/media', async (req, reply) => {
    const q = req.query as Form;
    const result = await media.list(req.actor, listFilter(q), pageRequest(pageParam(q.page), PER_PAGE));
    return reply.header('cache-control', 'no-store').send({ items: result.items.map(mediaJson), total: result.total });
  });

  app.post('/admin/api/media', async (req, reply) => {
    media.assertMayUpload(req.actor);
    const { fields, file } = await readUpload(req, media.maxUploadBytes);
    const item = await media.upload(req.actor, { data: file.data, filename: file.filename, alt: fields.alt });
    return reply.code(201).header('cache-control', 'no-store').send(mediaJson(item));
  });
}

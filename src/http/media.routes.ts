// Serves the media library's files at /media/<stored path>. A file is found by the exact path
// Beiguan stored it under (a database lookup), never by joining the request's path to a folder.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.js';

/** RFC 6266 / RFC 5987: an ASCII fallback and the exact name, percent-encoded as UTF-8. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function mediaRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/media/*', async (req, reply) => {
    const path = (req.params as { '*': string })['*'];
    const file = await services.media.findFile(path);
    const size = file && (await stat(file.absolutePath).catch(() => undefined));
    if (!file || !size?.isFile()) return reply.callNotFound();
    reply
      .type(file.mime)
      .header('content-length', size.size)
      // Names are never reused: a file at an address never changes.
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      // A library file is never a page: nothing in it runs, and no other site frames it.
      .header('content-security-policy', "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox");
    if (file.kind === 'document') reply.header('content-disposition', contentDisposition(file.downloadName));
    return reply.send(createReadStream(file.absolutePath));
  });
}

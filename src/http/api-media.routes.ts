// The write API's media upload, for scripts with an API token: the same service and rules as the
// workspace. The body is multipart/form-data (a "file" and, for images, its "alt" text).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { mediaJson } from './admin-media.routes.js';
import { readUpload } from './uploads.js';

const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });
const MediaItem = z
  .object({
    id: z.number().int(),
    kind: z.enum(['image', 'document']),
    name: z.string().describe('The uploaded file name, cleaned; for display only'),
    alt: z.string().nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    thumbUrl: z.string().nullable().describe('A small WebP of an image; null for documents'),
  })
  .meta({ id: 'MediaItem' });
// Documents the form; the multipart body itself is read by the handler, within the upload limits.
const UploadForm = z
  .object({
    file: z.string().meta({ format: 'binary' }).describe('JPEG, PNG, WebP, GIF or AVIF (images) or PDF, DOCX, XLSX (documents); the type is read from the content'),
    alt: z.string().max(500).optional().describe('Alt text; required for images'),
  })
  .nullish();

export const apiMediaRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/media',
    {
      schema: {
        tags: ['media'],
        summary: 'Upload an image or a document to the media library',
        description:
          'multipart/form-data. Images are re-encoded (AVIF, WebP, JPEG or PNG at 480/960/1600 pixels wide, never enlarged, without metadata). 413 MEDIA_TOO_LARGE, 415 MEDIA_TYPE_REFUSED.',
        consumes: ['multipart/form-data'],
        body: UploadForm,
        response: { 201: MediaItem, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => {
      services.media.assertMayUpload(req.actor);
      const { fields, file } = await readUpload(req, services.media.maxUploadBytes);
      const item = await services.media.upload(req.actor, { data: file.data, filename: file.filename, alt: fields.alt });
      return reply.code(201).send(mediaJson(item));
    },
  );
};

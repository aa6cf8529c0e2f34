// Reads an upload (multipart/form-data): its short fields and its one file, within the limits
// set in server.ts. Handlers call this only after checking who is asking.
import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError, invalid, isAppError } from '../shared/errors.js';

export interface Upload {
  fields: Record<string, string>;
  file: { filename: string; data: Buffer };
}

const badUpload = (message: string) => invalid('MEDIA_UPLOAD_INVALID', message, { field: 'file' });

/** What the multipart parser threw, as the sender's error: a body cut short or malformed is a 400, not our failure. */
export function uploadRefused(e: unknown, maxBytes: number): AppError {
  if (isAppError(e)) return e;
  const code = (e as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return new AppError('too_large', 'MEDIA_TOO_LARGE', `Files may be at most ${Math.round(maxBytes / 1024 / 1024)} MB`, { isPublic: true, details: { field: 'file', maxBytes } });
  return badUpload(`The upload was refused: ${(e as Error).message || 'the form is malformed'}`);
}

export async function readUpload(req: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!req.isMultipart()) throw badUpload('Send the file as multipart/form-data, in a field named "file"');
  const fields: Record<string, string> = {};
  let file: Upload['file'] | undefined;
  // auth.plugin.ts may have read the first part already (a form's CSRF token): carry on from there.
  const parts: AsyncIterable<Multipart> = req.multipartParts ?? req.parts();
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      } else if (part.fieldname === 'file' && !file) {
        file = { filename: part.filename, data: await part.toBuffer() };
      } else {
        await part.toBuffer(); // drained, so the parser reaches the fields after it
      }
    }
  } catch (e) {
    throw uploadRefused(e, maxBytes);
  }
  if (!file) throw badUpload('Choose a file to upload (a field named "file")');
  return { fields, file };
}

// What an upload is, read from its first bytes: the name and the declared type count for nothing.
import { fileTypeFromBuffer } from 'file-type';
import { AppError, invalid } from '../shared/errors.js';
import type { DetectedType } from './media.types.js';

/** Everything the library accepts, by the MIME type file-type reports; nothing else gets in. */
const ACCEPTED: Record<string, DetectedType> = {
  'image/jpeg': { kind: 'image', mime: 'image/jpeg', ext: 'jpg' },
  'image/png': { kind: 'image', mime: 'image/png', ext: 'png' },
  'image/webp': { kind: 'image', mime: 'image/webp', ext: 'webp' },
  'image/gif': { kind: 'image', mime: 'image/gif', ext: 'gif' },
  'image/avif': { kind: 'image', mime: 'image/avif', ext: 'avif' },
  'application/pdf': { kind: 'document', mime: 'application/pdf', ext: 'pdf' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    kind: 'document',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: 'docx',
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    kind: 'document',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ext: 'xlsx',
  },
};

export const ACCEPTED_TYPES = 'JPEG, PNG, WebP, GIF, AVIF, PDF, DOCX, XLSX';

export async function detectType(data: Uint8Array): Promise<DetectedType> {
  if (data.byteLength === 0) throw invalid('MEDIA_EMPTY', 'The file is empty', { field: 'file' });
  const found = await fileTypeFromBuffer(data);
  const accepted = found && ACCEPTED[found.mime];
  if (!accepted) {
    // SVG, HTML and other text carry no signature file-type knows: they are refused as unknown.
    const what = found ? `${found.mime} files are` : 'This kind of file is';
    throw new AppError('unsupported', 'MEDIA_TYPE_REFUSED', `${what} not accepted; upload ${ACCEPTED_TYPES}`, {
      isPublic: true,
      details: { field: 'file', detected: found?.mime ?? null },
    });
  }
  return accepted;
}

// The media library's rules: who may upload, list and delete; what an upload is (by content);
// how it is stored (re-encoded, under paths Beiguan chooses); and where it is used.
import { createHash } from 'node:crypto';
import type { Actor, AuditEntry } from '../people/index.js';
import { hasRole, requireRole } from '../people/index.js';
import { docImages, type RichTextDoc } from '../richtext/index.js';
import type { Clock } from '../shared/clock.js';
import { AppError, conflict, invalid, notFound } from '../shared/errors.js';
import type { PageRequest } from '../shared/page.js';
import { detectType } from './media.detect.js';
import type { MediaRepo } from './media.repo.js';
import { createMediaStorage, STORED_PATH, type PendingFile } from './media.storage.js';
import {
  DEFAULT_MEDIA_LIMITS,
  MEDIA_OWNERS,
  type ImageRendition,
  type MediaFile,
  type MediaItem,
  type MediaListFilter,
  type MediaOwner,
  type MediaSettings,
  type MediaUse,
  type MediaVariant,
} from './media.types.js';

export interface MediaTx {
  repo: MediaRepo;
  audit: (e: AuditEntry) => Promise<void>;
}

export interface MediaDeps extends MediaTx {
  clock: Clock;
  /** Absent where files are not needed (the CLI, services bound to another transaction). */
  settings: MediaSettings | undefined;
  /** Runs `work` in a transaction of its own, or in the one these services are bound to. */
  transact: <T>(work: (tx: MediaTx) => Promise<T>) => Promise<T>;
}

export interface UploadInput {
  data: Buffer;
  /** The name the file had on the uploader's computer: kept for display, never for storage. */
  filename: string;
  alt?: string | null;
}

export const mediaNotFound = (id: number | string) => notFound('MEDIA_NOT_FOUND', `Media ${id} not found`);
const forbidden = (code: string, message: string) => new AppError('forbidden', code, message, { isPublic: true });

/** The uploaded name as a label: no folders, no control or path characters, at most 200 characters. */
export function cleanName(filename: string): string {
  const base = filename.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 200);
  return clean || 'file';
}

/** The name to download a document as: its label, with the extension its content has. */
export function downloadName(name: string, ext: string): string {
  return name.toLowerCase().endsWith(`.${ext}`) ? name : `${name}.${ext}`;
}

function checkAlt(alt: string | null | undefined, required: boolean): string | null {
  const value = alt?.replace(/\s+/g, ' ').trim() ?? '';
  if (value.length > 500) throw invalid('MEDIA_ALT_TOO_LONG', 'Alt text has at most 500 characters', { field: 'alt' });
  if (!value && required) throw invalid('MEDIA_ALT_REQUIRED', 'Describe the image (alt text) for visitors who cannot see it', { field: 'alt' });
  return value || null;
}

const megabytes = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

export function createMediaService({ repo, audit, clock, settings, transact }: MediaDeps) {
  const now = () => clock.now().toISOString();
  const storage = settings ? createMediaStorage(settings.dir) : undefined;
  const files = () => {
    if (!settings || !storage) throw new Error('media storage is not configured for these services');
    return { settings, storage };
  };

  async function load(id: number) {
    const item = await repo.findById(id);
    if (!item) throw mediaNotFound(id);
    return item;
  }
  /** Editors and above manage any item; contributors their own uploads. */
  const mayManage = (actor: Actor | undefined, item: MediaItem) => hasRole(actor, 'editor') || (hasRole(actor, 'contributor') && item.createdBy === actor!.id);

  async function usesOf(id: number): Promise<MediaUse[]> {
    return (await repo.usesOf(id)).map((u) => ({ ...u, adminPath: MEDIA_OWNERS[u.type].adminPath(u.id) }));
  }

  async function encode(data: Buffer, kind: 'image' | 'document', ext: string, mime: string, stem: string, maxPixels: number) {
    if (kind === 'document') return { width: null, height: null, files: [{ path: `${stem}.${ext}`, data, mime, width: null, height: null }] };
    // sharp (libvips) is loaded at the first image, not at start: a server that receives none
    // spares its ~15 MB.
    const { processImage } = await import('./media.images.js');
    const image = await processImage(data, maxPixels);
    return {
      width: image.width,
      height: image.height,
      files: image.outputs.map((o) => ({ path: `${stem}-${o.width}.${o.ext}`, data: o.data, mime: o.mime, width: o.width, height: o.height })),
    };
  }

  return {
    /** Each media item's last change, by id (see site/state.ts). */
    versions: () => repo.versions(),
    /** The size limits in force (the defaults where no files are kept). */
    limits: { maxImageBytes: settings?.maxImageBytes ?? DEFAULT_MEDIA_LIMITS.maxImageBytes, maxDocumentBytes: settings?.maxDocumentBytes ?? DEFAULT_MEDIA_LIMITS.maxDocumentBytes },
    /** The largest upload any kind allows (the HTTP layer stops reading there). */
    get maxUploadBytes() {
      return settings ? Math.max(settings.maxImageBytes, settings.maxDocumentBytes) : 0;
    },
    /** Checked before an upload's body is read. */
    assertMayUpload: (actor: Actor | undefined) => requireRole(actor, 'contributor', 'upload media'),
    mayManage,

    async upload(actor: Actor | undefined, input: UploadInput): Promise<MediaItem> {
      const who = requireRole(actor, 'contributor', 'upload media');
      const { settings: s, storage: store } = files();
      const type = await detectType(input.data);
      const limit = type.kind === 'image' ? s.maxImageBytes : s.maxDocumentBytes;
      if (input.data.byteLength > limit)
        throw new AppError('too_large', 'MEDIA_TOO_LARGE', `${type.kind === 'image' ? 'Images' : 'Documents'} may be at most ${megabytes(limit)}; this file has ${megabytes(input.data.byteLength)}`, {
          isPublic: true,
          details: { field: 'file', maxBytes: limit },
        });
      const alt = checkAlt(input.alt, type.kind === 'image');
      const encoded = await encode(input.data, type.kind, type.ext, type.mime, store.newStem(clock.now()), s.maxImagePixels);
      const pending: PendingFile[] = encoded.files;
      await store.writeAll(pending);
      try {
        return await transact(async (tx) => {
          const item = await tx.repo.insert(
            {
              kind: type.kind,
              mime: type.mime,
              name: cleanName(input.filename),
              alt,
              width: encoded.width,
              height: encoded.height,
              byteSize: input.data.byteLength,
              sha256: createHash('sha256').update(input.data).digest('hex'),
              createdBy: who.id,
              variants: encoded.files.map(({ path, mime, width, height, data }): MediaVariant => ({ path, mime, width, height, byteSize: data.byteLength })),
            },
            now(),
          );
          await tx.audit({ actor: who, action: 'media.upload', entityType: 'media', entityId: item.id, comment: item.name });
          return item;
        });
      } catch (e) {
        // The rows were not written: neither may the files stay.
        await store.remove(pending.map((f) => f.path));
        throw e;
      }
    },

    async list(actor: Actor | undefined, filter: MediaListFilter, req: PageRequest) {
      requireRole(actor, 'contributor', 'browse media');
      return repo.list(filter, req);
    },

    async get(actor: Actor | undefined, id: number) {
      requireRole(actor, 'contributor', 'browse media');
      const item = await load(id);
      return { item, uses: await usesOf(id) };
    },

    async updateAlt(actor: Actor | undefined, id: number, alt: string) {
      const who = requireRole(actor, 'contributor', 'edit media');
      return transact(async (tx) => {
        const item = await tx.repo.findById(id);
        if (!item) throw mediaNotFound(id);
        if (!mayManage(who, item)) throw forbidden('MEDIA_EDIT_FORBIDDEN', 'Contributors may change their own uploads only');
        await tx.repo.updateAlt(id, checkAlt(alt, item.kind === 'image'), now());
        await tx.audit({ actor: who, action: 'media.alt', entityType: 'media', entityId: id });
      });
    },

    /** Deletes an item no content uses, and its files; refused with the list of uses otherwise. */
    async remove(actor: Actor | undefined, id: number) {
      const who = requireRole(actor, 'contributor', 'delete media');
      const { storage: store } = files();
      const item = await transact(async (tx) => {
        const found = await tx.repo.findById(id);
        if (!found) throw mediaNotFound(id);
        if (!mayManage(who, found)) throw forbidden('MEDIA_DELETE_FORBIDDEN', 'Editors delete media; contributors their own uploads only');
        const uses = (await tx.repo.usesOf(id)).map((u) => ({ ...u, adminPath: MEDIA_OWNERS[u.type].adminPath(u.id) }));
        if (uses.length) throw conflict('MEDIA_IN_USE', `Media ${id} is used in ${uses.length} place(s); remove it from them first`, { uses });
        await tx.repo.delete(id);
        await tx.audit({ actor: who, action: 'media.delete', entityType: 'media', entityId: id, comment: found.name });
        return found;
      });
      // After the commit: a failed removal leaves an unreachable file, never a row without its file.
      await store.remove(item.variants.map((v) => v.path));
      return item;
    },

    usesOf,

    /**
     * Records which library images `owner`'s body shows (called by each content type's save path,
     * in its transaction). Unknown ids are refused: a body cannot point at nothing.
     */
    async syncUses(owner: MediaOwner, doc: RichTextDoc | null) {
      const ids = [...new Set(doc ? docImages(doc).map((b) => b.attrs.mediaId) : [])];
      const known = await repo.existingImageIds(ids);
      const missing = ids.filter((id) => !known.has(id));
      if (missing.length) throw invalid('MEDIA_IMAGE_UNKNOWN', `No image with id ${missing.join(', ')} in the media library`, { field: 'body', mediaIds: missing });
      await repo.replaceUses(owner, ids);
    },

    /** What the pages need to show the images of these documents, in one query. */
    async renditions(docs: readonly (RichTextDoc | null | undefined)[]): Promise<Map<number, ImageRendition>> {
      const ids = [...new Set(docs.flatMap((d) => (d ? docImages(d).map((b) => b.attrs.mediaId) : [])))];
      const rows = await repo.imageVariants(ids);
      const byItem = new Map<number, typeof rows>();
      for (const r of rows) byItem.set(r.mediaId, [...(byItem.get(r.mediaId) ?? []), r]);
      const out = new Map<number, ImageRendition>();
      for (const [id, list] of byItem) {
        const set = (mime: string) => list.filter((r) => r.variant.mime === mime).map((r) => `/media/${r.variant.path} ${r.variant.width}w`).join(', ');
        const fallback = list.filter((r) => r.variant.mime === 'image/jpeg' || r.variant.mime === 'image/png');
        if (fallback.length === 0) continue;
        // The fallback src: the middle width is what most screens would pick.
        const src = fallback.find((r) => (r.variant.width ?? 0) >= 960) ?? fallback[fallback.length - 1]!;
        out.set(id, {
          src: `/media/${src.variant.path}`,
          width: list[0]!.itemWidth,
          height: list[0]!.itemHeight,
          sources: ['image/avif', 'image/webp'].map((type) => ({ type, srcset: set(type) })).filter((s) => s.srcset),
          srcset: set(fallback[0]!.variant.mime),
        });
      }
      return out;
    },

    /** A stored file by its public path; undefined for anything Beiguan did not store. */
    async findFile(path: string): Promise<MediaFile | undefined> {
      if (!storage || !STORED_PATH.test(path)) return undefined;
      const row = await repo.findVariantByPath(path);
      if (!row) return undefined;
      const ext = path.slice(path.lastIndexOf('.') + 1);
      return {
        absolutePath: files().storage.absolute(row.path),
        mime: row.mime,
        byteSize: Number(row.byte_size),
        kind: row.kind as MediaFile['kind'],
        downloadName: downloadName(row.original_name, ext),
      };
    },
  };
}
export type MediaService = ReturnType<typeof createMediaService>;

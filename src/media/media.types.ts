export type MediaKind = 'image' | 'document';

/** What an upload is, decided from its bytes (never from its name or declared type). */
export interface DetectedType {
  kind: MediaKind;
  mime: string;
  /** The extension Beiguan gives the stored file. */
  ext: string;
}

/** Limits and the directory; from config (see src/config), or a test's own. */
export interface MediaSettings {
  /** Absolute directory under which every stored file lives. */
  dir: string;
  maxImageBytes: number;
  maxDocumentBytes: number;
  /** Decoded pixels (width × height) an image may have: larger ones are refused before decoding. */
  maxImagePixels: number;
}

export const DEFAULT_MEDIA_LIMITS = {
  maxImageBytes: 20 * 1024 * 1024,
  maxDocumentBytes: 50 * 1024 * 1024,
  maxImagePixels: 50_000_000,
} as const;

export interface MediaVariant {
  /** Where Beiguan stored it, relative to the media directory; the public URL is /media/<path>. */
  path: string;
  mime: string;
  width: number | null;
  height: number | null;
  byteSize: number;
}

export interface MediaItem {
  id: number;
  kind: MediaKind;
  /** The type of what was uploaded (image/jpeg, application/pdf…). */
  mime: string;
  /** The uploaded file's name, cleaned, for display only: no stored path comes from it. */
  name: string;
  /** Default alt text the editor proposes when inserting the image. */
  alt: string | null;
  width: number | null;
  height: number | null;
  byteSize: number;
  sha256: string;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  variants: MediaVariant[];
}

/**
 * Content whose bodies may show library images. Adding one (pages, institutions…) is one entry
 * here, one in OWNER_TITLES of media.repo.ts, and a call to syncUses in its save path.
 */
export const MEDIA_OWNERS = {
  article: { adminPath: (id: number) => `/admin/articles/${id}` },
} as const;
export type MediaOwnerType = keyof typeof MEDIA_OWNERS;

export interface MediaOwner {
  type: MediaOwnerType;
  id: number;
}

export interface MediaUse extends MediaOwner {
  title: string;
  adminPath: string;
}

export interface MediaListFilter {
  /** Part of the name or the alt text, any letter case. */
  q?: string;
  kind?: MediaKind;
  sort?: 'newest' | 'oldest' | 'name' | 'size';
  /** Only this uploader's items. */
  createdBy?: number;
}

export type { ImageRendition } from '../richtext/index.js';

/** A stored file found by its public path, ready to send. */
export interface MediaFile {
  absolutePath: string;
  mime: string;
  byteSize: number;
  kind: MediaKind;
  /** The name to download it as (documents): the uploaded name with the right extension. */
  downloadName: string;
}

// The theme's own files (no fonts, scripts or images from other hosts), served under hashed names
// so browsers may cache them for a year.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { SiteAssets } from './routes.js';
import { scriptHash } from './security-headers.js';

// This file sits two levels below the package root in src/ and in dist/ alike.
const root = new URL('../../', import.meta.url);

export interface Asset {
  path: string;
  body: Buffer;
  type: string;
  /** The body gzipped once at start, for browsers that take it (the editor's script: 391 → 121 KiB). */
  gzip?: Buffer;
  /** Scripts: their hash, as their `integrity` attribute and the Content-Security-Policy name it. */
  integrity?: string;
  readonly br?: Buffer;
}

/**
 * The integrity of each script loaded, by its path: a path names its content (its hash is in the
 * name), so the same path always has the same integrity, whichever loadAssets() read it.
 */
const INTEGRITY = new Map<string, string>();

/** The `integrity` attribute of the theme's script at `src` (without one, the policy blocks it). */
export const integrityOf = (src: string) => INTEGRITY.get(src);

function load(file: string, name: string, ext: string, type: string): Asset {
  return hashed(readFileSync(new URL(file.includes('/') ? file : `src/site/assets/${file}`, root)), name, ext, type);
}

function hashed(body: Buffer, name: string, ext: string, type: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const text = ext === 'svg' || ext === 'css' || ext === 'js';
  const asset: Asset = { path: `/assets/${name}.${hash}.${ext}`, body, type, ...(text ? { gzip: gzipSync(body, { level: 9 }) } : {}) };
  if (ext === 'js') INTEGRITY.set(asset.path, (asset.integrity = scriptHash(body)));
  if (!text) return asset;
  // Brotli at its best is slow (half a second for the editor's script): made when first asked for.
  let br: Buffer | undefined;
  return Object.defineProperty(asset, 'br', {
    get: () => (br ??= brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })),
    enumerable: false,
  });
}

/** The workspace's rich-text editor: its script (bundled by `npm run build`) and its styles. */
export interface EditorAssets {
  /** Absent when the bundle was not built: the editor is then the plain text area. */
  js?: string;
  css: string;
}

export function loadAssets(): { site: SiteAssets; editor: EditorAssets; files: Asset[] } {
  const css = load('site.css', 'site', 'css', 'text/css; charset=utf-8');
  const icon = load('icon.svg', 'icon', 'svg', 'image/svg+xml');
  const adminFields = load('src/admin/assets/fields.js', 'admin-fields', 'js', 'text/javascript; charset=utf-8');
  const search = load('search.js', 'search', 'js', 'text/javascript; charset=utf-8');
  const reader = load('reader.js', 'reader', 'js', 'text/javascript; charset=utf-8');
  const editorCss = load('src/admin/assets/editor.css', 'editor', 'css', 'text/css; charset=utf-8');
  const bundle = new URL('dist/editor/editor.js', root);
  const editorJs = existsSync(bundle) ? hashed(readFileSync(bundle), 'editor', 'js', 'text/javascript; charset=utf-8') : undefined;
  return {
    site: { css: css.path, icon: icon.path, adminFields: adminFields.path, search: search.path, reader: reader.path },
    editor: { css: editorCss.path, js: editorJs?.path },
    files: [css, icon, search, reader, adminFields, editorCss, ...(editorJs ? [editorJs] : [])],
  };
}

// The theme's own files (no fonts, scripts or images from other hosts), served under hashed names
// so browsers may cache them for a year.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SiteAssets } from './routes.js';

// This file sits two levels below the package root in src/ and in dist/ alike.
const root = new URL('../../', import.meta.url);

export interface Asset {
  path: string;
  body: Buffer;
  type: string;
}

function load(file: string, name: string, ext: string, type: string): Asset {
  const body = readFileSync(new URL(file.includes('/') ? `src/${file}` : `src/site/assets/${file}`, root));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/assets/${name}.${hash}.${ext}`, body, type };
}

export function loadAssets(): { site: SiteAssets; files: Asset[] } {
  const css = load('site.css', 'site', 'css', 'text/css; charset=utf-8');
  const icon = load('icon.svg', 'icon', 'svg', 'image/svg+xml');
  const adminFields = load('admin/assets/fields.js', 'admin-fields', 'js', 'text/javascript; charset=utf-8');
  return { site: { css: css.path, icon: icon.path, adminFields: adminFields.path }, files: [css, icon, adminFields] };
}

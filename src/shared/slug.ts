// Readable, URL-safe slugs: ASCII for English, pinyin for Chinese, a numeric fallback otherwise.
import { createRequire } from 'node:module';
import { hasCjk } from './text.js';

// pinyin-pro's dictionaries take 15 MiB: loaded at the first Chinese title, not by every process.
let pinyinModule: typeof import('pinyin-pro') | undefined;
const pinyinPro = () => (pinyinModule ??= createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro'));

const MAX_SLUG = 80;

function asciiSlug(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/['\u2018\u2019]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return truncateAtHyphen(ascii, MAX_SLUG);
}

function truncateAtHyphen(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const at = cut.lastIndexOf('-');
  return (at > max / 2 ? cut.slice(0, at) : slug.slice(0, max)).replace(/-+$/, '');
}

/**
 * A slug for a title. Chinese characters become toneless pinyin syllables (pinyin-pro), Latin text
 * is kept; `fallback` (usually a number) is used when nothing readable is left.
 */
export function slugify(title: string, fallback: string | number): string {
  const source = hasCjk(title)
    ? pinyinPro().pinyin(title, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join(' ')
    : title;
  const slug = asciiSlug(source);
  return slug.length > 0 ? slug : String(fallback);
}

/** `base`, or `base-2`, `base-3`… : the first that `isTaken` says is free. */
export async function uniqueSlug(base: string, isTaken: (slug: string) => Promise<boolean>): Promise<string> {
  if (!(await isTaken(base))) return base;
  for (let n = 2; ; n++) {
    const candidate = `${truncateAtHyphen(base, MAX_SLUG - 6)}-${n}`;
    if (!(await isTaken(candidate))) return candidate;
  }
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

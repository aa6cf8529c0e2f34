// The shapes of addresses: how a path is compared (one key per address), and which targets a
// redirect may lead to. Pure functions; the service applies them.
import { LANGS } from '../shared/lang.js';

const BASE = 'http://site.invalid';
export const MAX_FROM_LENGTH = 1000;
export const MAX_TARGET_LENGTH = 2000;
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The key an address is stored and looked up by: the path only (no query), percent-encoded as
 * browsers send it, dot segments resolved, in lower case (the old server did not tell letter cases
 * apart, and nothing of ours differs by case). Undefined when it is not a path of this site.
 */
export function addressKey(path: string): string | undefined {
  if (!path.startsWith('/') || path.startsWith('//') || path.length > MAX_FROM_LENGTH || CONTROL.test(path) || path.includes('\\')) return undefined;
  let url: URL;
  try {
    url = new URL(path, BASE);
  } catch {
    return undefined;
  }
  return url.origin === BASE ? url.pathname.toLowerCase() : undefined;
}

/** The path part of an old-site address ("http://host/Html/Article/…" → "/Html/Article/…"). */
export function legacyPath(url: string): string | undefined {
  try {
    const u = new URL(url, 'http://legacy.invalid');
    return u.pathname === '/' ? undefined : u.pathname;
  } catch {
    return undefined;
  }
}

/**
 * A redirect's target as stored: a path of this site (with its query, if any) or an absolute
 * http(s) address, percent-encoded so that it can go into a Location header. Never a
 * protocol-relative "//host" (nor "/\host", which browsers read as one), never javascript: or data:.
 */
export function redirectTarget(to: string): string | undefined {
  const t = to.trim();
  if (t.length === 0 || t.length > MAX_TARGET_LENGTH || CONTROL.test(t) || t.includes('\\')) return undefined;
  try {
    if (/^https?:\/\//i.test(t)) {
      const u = new URL(t);
      return u.hostname && !u.username && !u.password ? u.href : undefined;
    }
    if (!t.startsWith('/') || t.startsWith('//')) return undefined;
    const u = new URL(t, BASE);
    return u.origin === BASE ? `${u.pathname}${u.search}${u.hash}` : undefined;
  } catch {
    return undefined;
  }
}

/** A target on this site, as a key (for following chains); undefined for another site's address. */
export const siteTargetKey = (target: string) => (target.startsWith('/') ? addressKey(target.replace(/[?#].*$/s, '')) : undefined);

/** Where the site answers itself (the workspace, the API, files, previews): never a redirect's source. */
const RESERVED = ['/admin', '/api', '/media', '/assets', '/preview', '/healthz', '/readyz', '/display'];
/** The bare language roots and sections redirect to their one address (public.routes.ts). */
const SITE_ROOTS = new Set(['/', ...LANGS.flatMap((l) => [`/${l}`, `/${l}/news`, `/${l}/institutions`])]);

export function isReservedAddress(key: string): boolean {
  return SITE_ROOTS.has(key) || RESERVED.some((r) => key === r || key.startsWith(`${r}/`));
}

// The elder-friendly display (适老化): large type, high contrast, bigger targets, no motion. A visitor
// turns it on with a link (no script needed); a cookie remembers it. A page is the same HTML in both
// displays but for one class on <html>, so the server (and nginx, for the static export) makes the
// elder copy of any page by adding that class, and the stylesheet does the rest.

export const DISPLAY_COOKIE = 'bg_display';
export type Display = 'standard' | 'elder';

/** A year: a setting, not a session. No script reads it. */
export const DISPLAY_COOKIE_ATTRIBUTES = 'Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly';

const ELDER_COOKIE = new RegExp(`(?:^|;)\\s*${DISPLAY_COOKIE}=elder\\s*(?:;|$)`);

/** The display a request's Cookie header asks for. */
export const displayOf = (cookie: string | undefined): Display => (cookie !== undefined && ELDER_COOKIE.test(cookie) ? 'elder' : 'standard');

const HTML_TAG = '<html ';

/** The page as the elder display shows it: the class on its <html> element (the first tag of every page). */
export function asElder(html: string): string {
  const at = html.indexOf(HTML_TAG);
  if (at < 0) return html;
  return `${html.slice(0, at)}<html class="elder" ${html.slice(at + HTML_TAG.length)}`;
}

/** The page in the display asked for. */
export const inDisplay = (html: string, display: Display) => (display === 'elder' ? asElder(html) : html);

/**
 * The link that switches the display and comes back to `back` (the page's path, with its query on
 * search pages). Encoded so that decoding it once gives `back` exactly (a query's own escapes
 * included); slashes stay as they are, so that nginx can send the visitor back to the raw value.
 */
export function displaySwitchHref(display: Display, back: string) {
  return `/display?mode=${display}&back=${back.replace(/[%&#+\s]/g, encodeURIComponent)}`;
}

/** Longer than any address of the site: a Location header stays small. */
const MAX_BACK = 2000;

/**
 * Where the switch may send the visitor back to: a path on this site, nothing else (not another
 * host by "//" or "/\", no control characters); the home page when `back` is anything else.
 */
export function safeBack(back: string | null, fallback: string): string {
  if (!back || back.length > MAX_BACK || !/^\/(?![/\\])/.test(back) || /[\x00-\x1f\x7f\\]/.test(back)) return fallback;
  // An address as the site writes it goes back as it is (its query's escapes kept); one typed with
  // other characters (a Chinese path) is percent-encoded for the Location header.
  if (/^[\x21-\x7e]*$/.test(back)) return back;
  try {
    return encodeURI(back);
  } catch {
    return fallback; // a lone surrogate: not an address
  }
}

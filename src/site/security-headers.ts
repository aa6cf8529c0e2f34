// The security headers of every response, the live server's and the static export's (whose nginx
// configuration includes them from the export: docs/static-export.md) alike.
import { createHash } from 'node:crypto';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Browsers that reached the site over HTTPS keep to it for a year (sent only over HTTPS). */
export const HSTS = 'max-age=31536000; includeSubDomains';

/** The value of a script's `integrity` attribute and of its CSP source: its SHA-256, base64. */
export const scriptHash = (body: Buffer) => `sha256-${createHash('sha256').update(body).digest('base64')}`;

const STUB_REQUEST = {} as IncomingMessage;

/**
 * helmet's headers with the site's policy, worked out once (they are the same for every response;
 * helmet's Fastify plugin parses its options again at each request).
 *
 * Scripts run only when their hash is in the policy: each of the theme's scripts is listed, and
 * named with the same hash in its `integrity` attribute, which is how a browser matches a script
 * file to a hash (CSP 3; Chrome 59, Firefox 116, Safari 15.6). No host, not even our own, is
 * trusted for scripts: an uploaded file or an injected `<script src>` naming any address on the
 * site does not run. Older browsers refuse the scripts; the site works without them.
 */
export function securityHeaders(scriptHashes: readonly string[]): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const res = { setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value), removeHeader: () => {} };
  const hashes = [...new Set(scriptHashes)].sort().map((h) => `'${h}'`);
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // No script at all when there is none to run.
        scriptSrc: hashes.length ? hashes : ["'none'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'"],
        objectSrc: ["'none'"],
        workerSrc: ["'none'"],
        manifestSrc: ["'self'"],
        frameSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
    },
    hsts: false, // only over HTTPS: see HSTS
    // helmet's "no-referrer" makes browsers send "Origin: null" on our own form posts, which the
    // CSRF check must then refuse; other sites still learn only our origin.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  })(STUB_REQUEST, res as unknown as ServerResponse, () => {});
  headers['permissions-policy'] = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';
  return Object.freeze(headers);
}

/** The headers as nginx `add_header` lines (`always`: error pages carry them too). */
export function nginxHeaderLines(headers: Readonly<Record<string, string>>, { hsts }: { hsts: boolean }): string {
  const all = hsts ? { ...headers, 'strict-transport-security': HSTS } : headers;
  return Object.entries(all)
    .map(([name, value]) => {
      // nginx has no escape for these inside a quoted value; none of the policy's values holds one.
      if (/["\\$]/.test(value)) throw new Error(`the ${name} header cannot be written for nginx: ${value}`);
      return `add_header ${name} "${value}" always;\n`;
    })
    .join('');
}

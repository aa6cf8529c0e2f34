// What a static web server needs besides the files: the redirects and gone addresses, as nginx
// `map` files, and the security headers the live server sends, as `add_header` lines
// (docs/static-export.md). They are part of the signed manifest: a forged redirect or a weakened
// policy is as much an alteration as a defaced page.
import type { Services } from '../app/services.js';
import type { Asset } from '../site/assets.js';
import { nginxHeaderLines, securityHeaders } from '../site/security-headers.js';
import { META_DIR } from './manifest.js';

export const NGINX_DIR = `${META_DIR}/nginx`;

/** A regular expression matching exactly this path (any letter case, any query string). */
const pathPattern = (path: string) => `~*^${path.replace(/[\\^$.|?*+()[\]{}"]/g, '\\$&')}(?:\\?.*)?$`;

/** A map value nginx takes literally: quoted, with nothing it would read as a variable or an end. */
const literal = (value: string) => (/^[^\s"'$\\;{}\x00-\x1f\x7f]+$/.test(value) ? `"${value}"` : undefined);

/**
 * The nginx files, by their path in the export. Addresses nginx could not take literally are left
 * out and named. The headers name the theme's scripts by hash; HSTS is among them when the site's
 * address is https://.
 */
export async function serverFiles(services: Services, assets: readonly Asset[], baseUrl: string): Promise<{ files: Map<string, Buffer>; skipped: string[] }> {
  const [redirects, gone] = await Promise.all([services.redirects.listAll(), services.redirects.listGone()]);
  const lines: Record<'301' | '302', string[]> = { '301': [], '302': [] };
  const skipped: string[] = [];
  for (const r of redirects) {
    const target = literal(r.to);
    if (!target || !literal(r.from)) skipped.push(r.from);
    else lines[String(r.status) as '301' | '302'].push(`${pathPattern(r.from)} ${target};`);
  }
  const goneLines: string[] = [];
  for (const g of gone) {
    if (!literal(g.path)) skipped.push(g.path);
    else goneLines.push(`${pathPattern(g.path)} 1;`);
  }
  const file = (body: string[]) => Buffer.from(body.length ? `${body.join('\n')}\n` : '');
  return {
    files: new Map([
      [`${NGINX_DIR}/redirects-301.map`, file(lines['301'])],
      [`${NGINX_DIR}/redirects-302.map`, file(lines['302'])],
      [`${NGINX_DIR}/gone.map`, file(goneLines)],
      [`${NGINX_DIR}/security-headers.conf`, Buffer.from(nginxHeaderLines(securityHeaders(assets.flatMap((a) => a.integrity ?? [])), { hsts: baseUrl.startsWith('https:') }))],
    ]),
    skipped,
  };
}

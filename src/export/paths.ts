// Where each public address lives in an exported folder, so that a static server finds it with
// `try_files $uri $uri.html $uri/index.html` (docs/publishing.md): "/en/news/" → en/news/index.html,
// "/en/news/a-story" → en/news/a-story.html, "/en/feed.xml" → en/feed.xml.

/** The file (relative, with "/" separators) an address is written to. */
export function fileForUrl(url: string): string {
  const path = url.replace(/^\/+/, '');
  if (path === '' || path.endsWith('/')) return `${path}index.html`;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last.includes('.') ? path : `${path}.html`;
}

/**
 * The parameters of an address under a Fastify-style pattern, or undefined: "/:lang/news/:slug",
 * and a parameter with a pattern and a suffix in one segment ("/sitemaps/:part(^\\d+).xml").
 */
export function matchPattern(pattern: string, url: string): Record<string, string> | undefined {
  const p = pattern.split('/');
  const u = url.split('/');
  if (p.length !== u.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    const param = /^:(\w+)(?:\((.+)\))?(.*)$/.exec(seg);
    if (param) {
      const [, name, regex, suffix = ''] = param;
      const part = u[i]!;
      if (!part.endsWith(suffix)) return undefined;
      const value = decodeURIComponent(part.slice(0, part.length - suffix.length));
      if (value === '' || (regex && !new RegExp(`^(?:${regex.replace(/^\^/, '').replace(/\$$/, '')})$`).test(value))) return undefined;
      params[name!] = value;
    } else if (seg !== u[i]) return undefined;
  }
  return params;
}

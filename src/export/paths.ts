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

/** The parameters of an address under a Fastify-style pattern ("/:lang/news/:slug"), or undefined. */
export function matchPattern(pattern: string, url: string): Record<string, string> | undefined {
  const p = pattern.split('/');
  const u = url.split('/');
  if (p.length !== u.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg.startsWith(':')) {
      if (u[i] === '') return undefined;
      params[seg.slice(1)] = decodeURIComponent(u[i]!);
    } else if (seg !== u[i]) return undefined;
  }
  return params;
}

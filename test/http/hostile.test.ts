// Hostile text typed or pasted into every field stays inert on every public and workspace page.
import { type ChildNode, isTag } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE_URL, testApp } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

const PASSWORD = 'correct horse battery staple';
const EVIL = `"><script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)><a href="javascript:alert(4)">x</a>`;
/** What a browser would run or load from the page: parsed as a browser would, not searched as text. */
function activeParts(html: string): string[] {
  const found: string[] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (!isTag(node)) continue;
      const name = node.name.toLowerCase();
      // The workspace's own editor bundle, from this site's hashed assets, is the one script allowed.
      const ownScript = name === 'script' && /^\/assets\/editor\.[0-9a-f]{12}\.js$/.test(node.attribs.src ?? '') && node.children.length === 0;
      if (['script', 'img', 'iframe', 'object', 'embed'].includes(name) && !ownScript) found.push(`<${name}>`);
      for (const [attr, value] of Object.entries(node.attribs)) {
        if (/^on/i.test(attr)) found.push(`${name}[${attr}]`);
        if (['href', 'src', 'action', 'formaction'].includes(attr.toLowerCase()) && /^\s*(javascript|data|vbscript):/i.test(value)) found.push(`${name}[${attr}=${value}]`);
      }
      walk(node.children);
    }
  };
  walk(parseDocument(html).children);
  return found;
}

function assertInert(url: string, body: string) {
  expect(activeParts(body), url).toEqual([]);
  expect(body, url).toContain('alert('); // the hostile text is there, as text
}

describe.each(testDialects())('hostile input on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeEach(async () => {
    t = await testApp(dialect);
  });
  afterEach(() => t.close());

  it('renders every field inert on public and workspace pages', async () => {
    const admin = await t.services.auth.addUser({ name: 'admin', role: 'administrator', password: PASSWORD, displayName: EVIL, email: 'a@example.org' });
    const actor = { id: admin.id, name: admin.name, role: admin.role, locale: admin.locale };
    const { token } = await t.services.auth.createToken('admin');
    const auth = { authorization: `Bearer ${token}` };
    await t.services.terms.add(actor, `term ${EVIL}`.slice(0, 100), EVIL.slice(0, 90));
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: auth, payload: { lang: 'en', title: `Title ${EVIL}`, summary: `Summary ${EVIL}`, bodyHtml: `<p>Body ${EVIL}</p><p>${EVIL.replace(/</g, '&lt;')}</p>` } });
    expect(created.statusCode).toBe(201);
    const { id, slug } = created.json();
    for (const to of ['in_review', 'approved', 'published']) {
      const moved = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${id}/transitions`, headers: auth, payload: { to, comment: EVIL, overrideTerms: EVIL } });
      expect(moved.statusCode, to).toBe(200);
    }

    const { token: link } = await t.services.newsWorkflow.createPreviewLink(actor, id);
    for (const url of ['/en/', '/en/news/', `/en/news/${slug}`, `/preview/${link}`]) assertInert(url, (await t.app.inject(url)).body);

    // The workspace, signed in.
    const form = await t.app.inject('/admin/login');
    const loginCookie = String(([] as string[]).concat(form.headers['set-cookie'] as string[])[0]).split(';')[0]!;
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { origin: BASE_URL, cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _login: form.body.match(/name="_login" value="([^"]+)"/)![1]!, name: 'admin', password: PASSWORD }).toString(),
    });
    const cookie = ([] as string[]).concat(signIn.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).join('; ');
    for (const url of ['/admin', '/admin/articles', `/admin/articles/${id}`, `/admin/articles/${id}/revisions`, `/admin/articles/${id}/compare?from=1&to=1`, `/admin/articles/${id}/preview`, '/admin/users', '/admin/terms', '/admin/audit']) {
      const res = await t.app.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBe(200);
      assertInert(url, res.body);
    }
  });
});

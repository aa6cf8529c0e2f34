// Hostile text typed or pasted into every field stays inert on every public and workspace page.
import { type ChildNode, type Element, isTag, isText } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE_URL, testApp } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

const PASSWORD = 'correct horse battery staple';
const EVIL = `"><script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)><a href="javascript:alert(4)">x</a>`;
/** Structured data (JSON-LD) is a data block browsers never run: inert while it is JSON that cannot end its element early. */
function isDataBlock(node: Element): boolean {
  if (node.attribs.type !== 'application/ld+json') return false;
  const text = node.children.map((c) => (isText(c) ? c.data : '')).join('');
  try {
    JSON.parse(text);
  } catch {
    return false;
  }
  return !/[<>]/.test(text);
}
/** What a browser would run or load from the page: parsed as a browser would, not searched as text. */
function activeParts(html: string): string[] {
  const found: string[] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (!isTag(node)) continue;
      const name = node.name.toLowerCase();
      // The site's own scripts (a hashed file under /assets/, nothing inline) are not user input.
      const ownScript = name === 'script' && /^\/assets\/[a-z-]+\.[0-9a-f]{12}\.js$/.test(node.attribs.src ?? '') && node.children.length === 0;
      // Library pictures: files this site wrote itself, under /media/.
      const ownImage = name === 'img' && /^\/media\/[0-9]{4}\/[0-9]{2}\/[0-9a-f]+-?[0-9]*\.[a-z]+$/.test(node.attribs.src ?? '');
      const dataBlock = name === 'script' && isDataBlock(node);
      if (['script', 'img', 'iframe', 'object', 'embed'].includes(name) && !ownScript && !ownImage && !dataBlock) found.push(`<${name}>`);
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
    t = await testApp(dialect, { media: {} });
  });
  afterEach(() => t.close());

  it('renders every field inert on public and workspace pages', async () => {
    const admin = await t.services.auth.addUser({ name: 'admin', role: 'administrator', password: PASSWORD, displayName: EVIL, email: 'a@example.org' });
    const actor = { id: admin.id, name: admin.name, role: admin.role, locale: admin.locale };
    const { token } = await t.services.auth.createToken('admin');
    const auth = { authorization: `Bearer ${token}` };
    await t.services.terms.add(actor, `term ${EVIL}`.slice(0, 100), EVIL.slice(0, 90));
    // A library picture whose file name, alt text and caption are hostile.
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } }).png().toBuffer();
    const media = await t.services.media.upload(actor, { data: png, filename: `${EVIL}.png`, alt: `Alt ${EVIL}` });
    const picture = { type: 'doc', content: [{ type: 'image', attrs: { mediaId: media.id, alt: `Alt ${EVIL}`, caption: `Caption ${EVIL}` } }] };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/articles',
      headers: auth,
      payload: { lang: 'en', title: `Title ${EVIL}`, summary: `Summary ${EVIL}`, seoTitle: `SEO ${EVIL}`.slice(0, 200), seoDescription: `SEO ${EVIL}`, bodyHtml: `<p>Body ${EVIL}</p><p>${EVIL.replace(/</g, '&lt;')}</p>` },
    });
    expect(created.statusCode).toBe(201);
    const { id, slug } = created.json();
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: auth, payload: { revision: 1, body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: `Body ${EVIL}` }] }, ...picture.content] } } })).statusCode).toBe(200);
    const publish = async (kind: string, itemId: number) => {
      for (const to of ['in_review', 'approved', 'published']) {
        const moved = await t.app.inject({ method: 'POST', url: `/api/v1/${kind}/${itemId}/transitions`, headers: auth, payload: { to, comment: EVIL, overrideTerms: EVIL } });
        expect(moved.statusCode, `${kind} ${to}`).toBe(200);
      }
    };
    await publish('articles', id);
    // A page and an institution, every text field hostile.
    const page = await t.app.inject({ method: 'POST', url: '/api/v1/pages', headers: auth, payload: { lang: 'en', title: `Page ${EVIL}`, slug: 'hostile', summary: `Summary ${EVIL}`, bodyHtml: `<p>Page ${EVIL}</p>` } });
    expect(page.statusCode).toBe(201);
    await publish('pages', page.json().id);
    const inst = await t.app.inject({
      method: 'POST',
      url: '/api/v1/institutions',
      headers: auth,
      payload: { lang: 'en', name: `Institute ${EVIL}`, slug: 'hostile-institute', profileHtml: `<p>Profile ${EVIL}</p>`, address: `Address ${EVIL}`, phone: EVIL.slice(0, 50) },
    });
    expect(inst.statusCode).toBe(201);
    await publish('institutions', inst.json().id);

    const { token: link } = await t.services.newsWorkflow.createPreviewLink(actor, id);
    for (const url of ['/en/', '/en/news/', `/en/news/${slug}`, `/preview/${link}`, '/en/hostile', '/en/institutions/', '/en/institutions/hostile-institute'])
      assertInert(url, (await t.app.inject(url)).body);

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
    const pageId = page.json().id;
    const instId = inst.json().id;
    for (const url of [
      '/admin',
      '/admin/articles',
      `/admin/articles/${id}`,
      `/admin/articles/${id}/revisions`,
      `/admin/articles/${id}/compare?from=1&to=2`,
      `/admin/articles/${id}/preview`,
      '/admin/pages',
      `/admin/pages/${pageId}`,
      `/admin/pages/${pageId}/preview`,
      '/admin/institutions',
      `/admin/institutions/${instId}`,
      `/admin/institutions/${instId}/preview`,
      '/admin/media',
      `/admin/media/${media.id}`,
      '/admin/account',
      '/admin/users',
      '/admin/users/admin/scope',
      '/admin/terms',
      '/admin/audit',
    ]) {
      const res = await t.app.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBe(200);
      assertInert(url, res.body);
    }
  });
});

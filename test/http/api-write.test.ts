// The write API with an API token: create, edit with revisions (409 when stale), transitions,
// and what a visitor then sees.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiCallers, BASE_URL, testApp } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

const PASSWORD = 'correct horse battery staple';
const doc = (...paragraphs: string[]) => ({ type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });

describe.each(testDialects())('write API on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let call: Awaited<ReturnType<typeof apiCallers>>;
  beforeEach(async () => {
    t = await testApp(dialect);
    call = await apiCallers(t, ['contributor', 'editor', 'publisher'] as const);
  });
  afterEach(() => t.close());

  it('takes an article from draft to the public site, with a 409 for a stale save', async () => {
    const created = await call('contributor', 'POST', '/api/v1/articles', { lang: 'en', title: 'Open day at the Planetarium', body: doc('First version.') });
    expect(created.statusCode).toBe(201);
    const { id, revision } = created.json();
    expect(revision).toBe(1);
    expect((await t.app.inject(`/api/v1/articles/${id}`)).statusCode).toBe(404); // a draft is not public

    const edit = await call('contributor', 'PATCH', `/api/v1/articles/${id}`, { revision: 1, body: doc('Second version.') });
    expect(edit.json().revision).toBe(2);
    const stale = await call('editor', 'PATCH', `/api/v1/articles/${id}`, { revision: 1, body: doc('Edit on an old copy.') });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'ARTICLE_REVISION_STALE', details: { current: 2 } });

    // The contributor submits their own draft; approving it is a publisher's step.
    expect((await call('contributor', 'POST', `/api/v1/articles/${id}/transitions`, { to: 'in_review' })).json().status).toBe('in_review');
    expect((await call('editor', 'POST', `/api/v1/articles/${id}/transitions`, { to: 'approved' })).statusCode).toBe(403);
    expect((await call('publisher', 'POST', `/api/v1/articles/${id}/transitions`, { to: 'approved' })).json().status).toBe('approved');
    const published = await call('publisher', 'POST', `/api/v1/articles/${id}/transitions`, { to: 'published', comment: 'Looks good' });
    expect(published.json().status).toBe('published');

    const page = await t.app.inject(`/en/news/${created.json().slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<p>Second version.</p>');
    const revisions = (await call('editor', 'GET', `/api/v1/articles/${id}/revisions`)).json();
    expect(revisions.items.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
  });

  it('refuses fields a role may not set', async () => {
    const status = await call('publisher', 'POST', '/api/v1/articles', { lang: 'en', title: 'T', status: 'published' });
    expect(status.statusCode).toBe(403);
    expect(status.json().error.code).toBe('FIELD_FORBIDDEN');
    const date = await call('contributor', 'POST', '/api/v1/articles', { lang: 'en', title: 'T', publishedAt: '2020-01-01T00:00:00Z' });
    expect(date.statusCode).toBe(403);
    const author = await call('editor', 'POST', '/api/v1/articles', { lang: 'en', title: 'T', authorId: 1 });
    expect(author.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/articles', payload: { lang: 'en', title: 'T' } })).statusCode).toBe(401);
  });

  it('maps a TipTap body like the workspace editor: foreign attributes dropped, levels clamped, unknown nodes refused', async () => {
    const body = { type: 'doc', content: [{ type: 'heading', attrs: { level: 1, textAlign: 'center' }, content: [{ type: 'text', text: 'Top' }] }, { type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] };
    const created = await call('publisher', 'POST', '/api/v1/articles', { lang: 'en', title: 'From TipTap', body });
    expect(created.statusCode).toBe(201);
    const stored = await t.services.newsWorkflow.get({ id: 3, name: 'publisher', role: 'publisher', locale: 'en' }, created.json().id);
    expect(stored.body).toEqual({ type: 'doc', content: [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Top' }] }, { type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] });
    const refused = await call('publisher', 'POST', '/api/v1/articles', { lang: 'en', title: 'Code', body: { type: 'doc', content: [{ type: 'codeBlock' }] } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'RICHTEXT_INVALID', details: { field: 'body', path: 'body.content[0]' } });
  });

  it('sanitises bodyHtml into the structured document: scripts, handlers and javascript: links go', async () => {
    const html = '<p onclick="steal()">Hello <b>world</b><script>alert(1)</script></p><p><a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)></p><svg><script>1</script></svg>';
    const created = await call('publisher', 'POST', '/api/v1/articles', { lang: 'en', title: 'From HTML', bodyHtml: html });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    await call('publisher', 'POST', `/api/v1/articles/${id}/transitions`, { to: 'in_review' });
    await call('publisher', 'POST', `/api/v1/articles/${id}/transitions`, { to: 'approved' });
    await call('publisher', 'POST', `/api/v1/articles/${id}/transitions`, { to: 'published' });
    const page = (await t.app.inject(`/en/news/${created.json().slug}`)).body;
    const article = page.match(/<article class="article">[\s\S]*?<\/article>/)![0];
    expect(article).toContain('<p>Hello <strong>world</strong></p>');
    // The page's only scripts are its structured data, which browsers do not run, and the site's own files.
    const ours = /<script type="application\/ld\+json">[^<]*<\/script>|<script src="\/assets\/[\w.]+\.js" integrity="sha256-[A-Za-z0-9+/]+=*" defer><\/script>/g;
    expect(page.replace(ours, '')).not.toMatch(/<script|onclick|onerror|javascript:|<img/);
    expect(article).not.toContain('<svg');
  });

  it('needs the CSRF token when the API is called with a session cookie', async () => {
    const form = await t.app.inject('/admin/login');
    const loginCookie = String(([] as string[]).concat(form.headers['set-cookie'] as string[])[0]).split(';')[0]!;
    const loginToken = form.body.match(/name="_login" value="([^"]+)"/)![1]!;
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { origin: BASE_URL, cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _login: loginToken, name: 'publisher', password: PASSWORD }).toString(),
    });
    const session = ([] as string[]).concat(signIn.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).find((c) => c!.includes('session='))!;
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: { cookie: session, origin: BASE_URL }, payload: { lang: 'en', title: 'T' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('CSRF_REFUSED');
  });
});

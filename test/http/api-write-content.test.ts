// The write API for pages and institutions, with API tokens: the same workflow as articles
// (201 created, 200 saved, 409 stale, 403 by role, 400 for unknown fields), and what visitors see.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiCallers, testApp } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

const doc = (...paragraphs: string[]) => ({ type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });

describe.each(testDialects())('write API for pages and institutions on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let call: Awaited<ReturnType<typeof apiCallers>>;
  beforeEach(async () => {
    t = await testApp(dialect);
    call = await apiCallers(t, ['contributor', 'editor', 'publisher', 'administrator'] as const);
  });
  afterEach(() => t.close());

  const move = async (id: number, kind: string, ...steps: [string, string][]) => {
    for (const [who, to] of steps) expect((await call(who, 'POST', `/api/v1/${kind}/${id}/transitions`, { to })).json().status).toBe(to);
  };

  it('takes a page from draft to the public site, refusing a stale save with 409', async () => {
    const created = await call('contributor', 'POST', '/api/v1/pages', { lang: 'en', title: 'Visiting the Academy', bodyHtml: '<p onclick="x()">Open <b>daily</b>.</p><script>alert(1)</script>' });
    expect(created.statusCode).toBe(201);
    const { id, slug, revision } = created.json();
    expect({ slug, revision, status: created.json().status }).toEqual({ slug: 'visiting-the-academy', revision: 1, status: 'draft' });
    expect((await t.app.inject(`/en/${slug}`)).statusCode).toBe(404);
    expect((await t.app.inject(`/api/v1/pages/${id}`)).statusCode).toBe(404);

    const edit = await call('contributor', 'PATCH', `/api/v1/pages/${id}`, { revision: 1, summary: 'How to find us' });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().revision).toBe(2);
    const stale = await call('editor', 'PATCH', `/api/v1/pages/${id}`, { revision: 1, title: 'Old copy' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'PAGE_REVISION_STALE', details: { current: 2 } });

    // The contributor submits their own draft; approving it is a publisher's step.
    await move(id, 'pages', ['contributor', 'in_review']);
    expect((await call('editor', 'POST', `/api/v1/pages/${id}/transitions`, { to: 'approved' })).json().error.code).toBe('TRANSITION_FORBIDDEN');
    await move(id, 'pages', ['publisher', 'approved'], ['publisher', 'published']);

    const page = await t.app.inject(`/en/${slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<p>Open <strong>daily</strong>.</p>');
    expect(page.body).not.toMatch(/onclick|<script>alert/);
    expect((await t.app.inject(`/api/v1/pages/${id}`)).json()).toMatchObject({ title: 'Visiting the Academy', summary: 'How to find us' });
    const revisions = (await call('editor', 'GET', `/api/v1/pages/${id}/revisions`)).json();
    expect(revisions.items.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
  });

  it('creates, edits and publishes an institution; unpublished, it leaves the directory and the read API', async () => {
    const created = await call('editor', 'POST', '/api/v1/institutions', { lang: 'en', name: 'Institute of Optics', profile: doc('Founded in 1979.'), address: '1 Example Road', email: 'office@optics.example' });
    expect(created.statusCode).toBe(201);
    const { id, slug } = created.json();
    expect((await t.app.inject('/en/institutions/')).body).not.toContain('Institute of Optics');

    const edit = await call('editor', 'PATCH', `/api/v1/institutions/${id}`, { revision: 1, phone: '010-0000 0000', profileHtml: '<p>Founded in 1979 in Beijing.</p>' });
    expect(edit.statusCode).toBe(200);
    await move(id, 'institutions', ['editor', 'in_review'], ['publisher', 'approved'], ['publisher', 'published']);

    const directory = await t.app.inject('/en/institutions/');
    expect(directory.body).toContain('Institute of Optics');
    const profile = await t.app.inject(`/en/institutions/${slug}`);
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('Founded in 1979 in Beijing.');
    expect(profile.body).toContain('010-0000 0000');
    expect((await t.app.inject('/api/v1/institutions?lang=en')).json().items.map((i: { id: number }) => i.id)).toEqual([id]);

    await move(id, 'institutions', ['publisher', 'unpublished']);
    expect((await t.app.inject('/en/institutions/')).body).not.toContain('Institute of Optics');
    // Taken down, its page says so (410 Gone); the API knows no such public item (404).
    expect((await t.app.inject(`/en/institutions/${slug}`)).statusCode).toBe(410);
    expect((await t.app.inject(`/api/v1/institutions/${id}`)).statusCode).toBe(404);
    expect((await t.app.inject('/api/v1/institutions?lang=en')).json().total).toBe(0);
  });

  it('refuses unknown fields with 400 naming them, and fields the role may not set', async () => {
    const unknown = await call('publisher', 'POST', '/api/v1/pages', { lang: 'en', title: 'T', colour: 'red' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'REQUEST_INVALID', details: [expect.objectContaining({ field: 'colour' })] });
    const id = (await call('publisher', 'POST', '/api/v1/institutions', { lang: 'en', name: 'N' })).json().id;
    const patch = await call('publisher', 'PATCH', `/api/v1/institutions/${id}`, { revision: 1, title: 'Not a field of institutions' });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.details).toEqual([expect.objectContaining({ field: 'title' })]);

    const status = await call('publisher', 'POST', '/api/v1/institutions', { lang: 'en', name: 'T', status: 'published' });
    expect(status.statusCode).toBe(403);
    expect(status.json().error).toMatchObject({ code: 'FIELD_FORBIDDEN', details: { field: 'status' } });
    expect((await call('editor', 'POST', '/api/v1/pages', { lang: 'en', title: 'T', publishedAt: '2020-01-01T00:00:00Z' })).statusCode).toBe(403);
    expect((await call('publisher', 'POST', '/api/v1/pages', { lang: 'en', title: 'T', authorId: 1 })).statusCode).toBe(403);
    expect((await call('administrator', 'POST', '/api/v1/pages', { lang: 'en', title: 'Dated', publishedAt: '2020-01-01T00:00:00Z' })).statusCode).toBe(201);
    expect((await call('publisher', 'POST', '/api/v1/pages', { lang: 'en', title: 'News', slug: 'news' })).json().error.code).toBe('PAGE_SLUG_INVALID');
    expect((await call('publisher', 'POST', '/api/v1/institutions', { lang: 'en', name: 'X', externalUrl: 'javascript:alert(1)' })).json().error.code).toBe('INSTITUTION_URL_INVALID');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/pages', payload: { lang: 'en', title: 'T' } })).statusCode).toBe(401);
  });

  it('lists the new endpoints in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    for (const kind of ['pages', 'institutions']) {
      expect(doc.paths[`/api/v1/${kind}`]?.post, kind).toBeDefined();
      expect(doc.paths[`/api/v1/${kind}/{id}`]?.patch, kind).toBeDefined();
      expect(doc.paths[`/api/v1/${kind}/{id}/transitions`]?.post, kind).toBeDefined();
      expect(doc.paths[`/api/v1/${kind}/{id}/revisions`]?.get, kind).toBeDefined();
    }
    expect(Object.keys(doc.components.schemas.InstitutionPatchInput.properties)).toEqual(expect.arrayContaining(['revision', 'name', 'profile', 'profileHtml', 'address']));
    expect(doc.components.schemas.PageCreateInput.additionalProperties).toBe(false);
  });
});

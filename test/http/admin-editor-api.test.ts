// The editor's background requests: autosave (refused when stale, nothing overwritten), creating a
// new article by autosave, and presence; all behind the session and its CSRF token.
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE_URL, testApp } from '../helpers/app.js';
import { manualClock, testDialects } from '../helpers/store.js';

const PASSWORD = 'correct horse battery staple';
type App = Awaited<ReturnType<typeof testApp>>;

const doc = (...paragraphs: string[]) => ({ type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', attrs: { textAlign: null }, content: [{ type: 'text', text }] })) });

/** A signed-in browser's fetch(): its session cookie and the CSRF token its pages carry. */
async function signedIn(t: App, name: string) {
  const login = await t.app.inject('/admin/login');
  const loginCookie = String(login.headers['set-cookie']).split(';')[0]!;
  const token = login.body.match(/name="_login" value="([^"]+)"/)![1]!;
  const res = await t.app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { cookie: loginCookie, origin: BASE_URL, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _login: token, name, password: PASSWORD }).toString(),
  });
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).find((c) => c!.includes('session'))!;
  const home = await t.app.inject({ url: '/admin', headers: { cookie } });
  const csrf = home.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
  const post = (url: string, body: unknown, { withToken = true } = {}) =>
    t.app.inject({ method: 'POST', url, headers: { cookie, origin: BASE_URL, 'content-type': 'application/json', ...(withToken ? { 'x-csrf-token': csrf } : {}) }, payload: JSON.stringify(body) });
  const get = (url: string) => t.app.inject({ url, headers: { cookie } });
  const postForm = (url: string, fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { cookie, origin: BASE_URL, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });
  const fromElsewhere = (url: string, body: unknown) =>
    t.app.inject({ method: 'POST', url, headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json', 'x-csrf-token': csrf }, payload: JSON.stringify(body) });
  return { post, get, postForm, fromElsewhere };
}

describe.each(testDialects())('editor autosave and presence on %s', (dialect) => {
  let t: App;
  let clock: ReturnType<typeof manualClock>;
  beforeEach(async () => {
    clock = manualClock();
    t = await testApp(dialect, { clock, media: {} });
    for (const [name, role] of [['contributor', 'contributor'], ['other', 'contributor'], ['editor', 'editor'], ['publisher', 'publisher']] as const) {
      await t.services.auth.addUser({ name, displayName: name === 'editor' ? '张编辑' : name, role, password: PASSWORD, locale: 'en' });
    }
  });
  afterEach(() => t.close());

  it('creates a new article by autosave, then saves over it without adding a revision each time', async () => {
    const me = await signedIn(t, 'contributor');
    const created = await me.post('/admin/api/articles', { lang: 'en', title: 'Autosaved', summary: '', body: doc('First words.') });
    expect(created.statusCode).toBe(201);
    const { id, revision } = created.json() as { id: number; revision: number };
    expect(revision).toBe(1);

    const first = await me.post(`/admin/api/articles/${id}/autosave`, { revision: 1, title: 'Autosaved', body: doc('First words. More.') });
    expect(first.statusCode).toBe(200);
    clock.advance(30_000);
    const second = await me.post(`/admin/api/articles/${id}/autosave`, { revision: 2, title: 'Autosaved', body: doc('First words. More. Even more.') });
    expect(second.json()).toMatchObject({ id, revision: 3 });

    const stored = await t.services.newsWorkflow.get({ id: 1, name: 'contributor', role: 'contributor', locale: 'en' }, id);
    expect(stored.body).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'First words. More. Even more.' }] }] });
    // The two autosaves a few seconds apart are one revision in the history, numbered as the newest.
    const history = await t.services.newsWorkflow.revisions({ id: 1, name: 'contributor', role: 'contributor', locale: 'en' }, id);
    expect(history.map((r) => [r.revision, r.isAutosave])).toEqual([[3, true], [1, false]]);

    // After a pause longer than the window, the next autosave starts a new revision.
    clock.advance(6 * 60_000);
    await me.post(`/admin/api/articles/${id}/autosave`, { revision: 3, title: 'Autosaved', body: doc('Later.') });
    expect((await t.services.newsWorkflow.revisions({ id: 1, name: 'contributor', role: 'contributor', locale: 'en' }, id)).map((r) => r.revision)).toEqual([4, 3, 1]);
  });

  it('refuses a stale autosave with 409 and the stored version, overwriting nothing', async () => {
    const me = await signedIn(t, 'contributor');
    const editor = await signedIn(t, 'editor');
    const { id } = (await me.post('/admin/api/articles', { lang: 'en', title: 'Shared', body: doc('Original.') })).json() as { id: number };
    // The editor saves first (revision 2); the contributor's autosave is still based on revision 1.
    expect((await editor.post(`/admin/api/articles/${id}/autosave`, { revision: 1, title: 'Shared', body: doc('From the editor.') })).statusCode).toBe(200);
    const stale = await me.post(`/admin/api/articles/${id}/autosave`, { revision: 1, title: 'Mine', body: doc('From the contributor.') });
    expect(stale.statusCode).toBe(409);
    const answer = stale.json() as { error: { code: string }; current: { revision: number; title: string; body: unknown } };
    expect(answer.error.code).toBe('ARTICLE_REVISION_STALE');
    expect(answer.current).toMatchObject({ revision: 2, title: 'Shared', body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'From the editor.' }] }] } });
    const page = await me.get(`/admin/articles/${id}`);
    expect(page.body).toContain('From the editor.');
    expect(page.body).not.toContain('From the contributor.');
    // Merged onto the newest revision, it is saved.
    const merged = await me.post(`/admin/api/articles/${id}/autosave`, { revision: 2, title: 'Shared', body: doc('From the editor.', 'From the contributor.') });
    expect(merged.json()).toMatchObject({ revision: 3 });
  });

  it('refuses without the CSRF token, from another site, signed out, and on someone else\'s article', async () => {
    const me = await signedIn(t, 'contributor');
    const other = await signedIn(t, 'other');
    const { id } = (await me.post('/admin/api/articles', { lang: 'en', title: 'Mine', body: doc('Mine.') })).json() as { id: number };
    const noToken = await me.post(`/admin/api/articles/${id}/autosave`, { revision: 1, title: 'Mine', body: doc('Changed.') }, { withToken: false });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF_REFUSED');
    expect((await me.fromElsewhere(`/admin/api/articles/${id}/autosave`, { revision: 1, title: 'Mine', body: doc('Changed.') })).statusCode).toBe(403);
    const signedOut = await t.app.inject({ method: 'POST', url: `/admin/api/articles/${id}/autosave`, headers: { 'content-type': 'application/json', origin: BASE_URL }, payload: JSON.stringify({ revision: 1, title: 'x', body: doc('x') }) });
    expect(signedOut.statusCode).toBe(401);
    const foreign = await other.post(`/admin/api/articles/${id}/autosave`, { revision: 1, title: 'Mine', body: doc('Taken over.') });
    expect(foreign.statusCode).toBe(403);
    expect((await other.post('/admin/api/presence', { type: 'article', id })).statusCode).toBe(403);
    const stored = await t.services.newsWorkflow.get({ id: 1, name: 'contributor', role: 'contributor', locale: 'en' }, id);
    expect(stored.revision).toBe(1);
  });

  it('refuses a document it cannot map, naming the field', async () => {
    const me = await signedIn(t, 'contributor');
    const res = await me.post('/admin/api/articles', { lang: 'en', title: 'Odd', body: { type: 'doc', content: [{ type: 'codeBlock' }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'RICHTEXT_INVALID', details: { field: 'body' } });
  });

  it('does not autosave approved text: that changes only by Save', async () => {
    const me = await signedIn(t, 'publisher');
    const { id } = (await me.post('/admin/api/articles', { lang: 'en', title: 'Reviewed', body: doc('Text.') })).json() as { id: number };
    const publisher = { id: 4, name: 'publisher', role: 'publisher' as const, locale: 'en' as const };
    await t.services.newsWorkflow.transition(publisher, id, { to: 'in_review' });
    await t.services.newsWorkflow.transition(publisher, id, { to: 'approved' });
    const res = await me.post(`/admin/api/articles/${id}/autosave`, { revision: 1, title: 'Reviewed', body: doc('Changed.') });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('AUTOSAVE_UNAVAILABLE');
    expect((await t.services.newsWorkflow.get(publisher, id)).body).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Text.' }] }] });
  });

  it('lists the others who have the article open in the last minute, not oneself', async () => {
    const me = await signedIn(t, 'contributor');
    const editor = await signedIn(t, 'editor');
    const { id } = (await me.post('/admin/api/articles', { lang: 'en', title: 'Busy', body: doc('x') })).json() as { id: number };
    expect((await me.post('/admin/api/presence', { type: 'article', id })).json()).toEqual({ others: [] });
    const seen = await editor.post('/admin/api/presence', { type: 'article', id });
    expect((seen.json() as { others: { name: string }[] }).others.map((o) => o.name)).toEqual(['contributor']);
    expect((await me.post('/admin/api/presence', { type: 'article', id })).json().others.map((o: { name: string }) => o.name)).toEqual(['张编辑']);
    // The editor's page, rendered on the server, names the contributor too.
    expect((await editor.get(`/admin/articles/${id}`)).body).toContain('contributor');
    // A minute and more without a heartbeat: gone.
    clock.advance(61_000);
    expect((await editor.post('/admin/api/presence', { type: 'article', id })).json().others).toEqual([]);
    // Leaving removes one at once.
    await me.post('/admin/api/presence', { type: 'article', id });
    await me.post('/admin/api/presence', { type: 'article', id, leave: true });
    expect((await editor.post('/admin/api/presence', { type: 'article', id })).json().others).toEqual([]);
  });

  it('saves the rich editor\'s document from the form, and keeps images and tables through the plain editor', async () => {
    const me = await signedIn(t, 'contributor');
    const uploader = { id: 1, name: 'contributor', role: 'contributor' as const, locale: 'en' as const };
    const dome = await t.services.media.upload(uploader, { data: await sharp({ create: { width: 60, height: 40, channels: 3, background: '#123456' } }).png().toBuffer(), filename: 'dome.png', alt: 'The dome' });
    const rich = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2, textAlign: null }, content: [{ type: 'text', text: 'Open day' }] },
        { type: 'image', attrs: { mediaId: dome.id, alt: 'The dome at night', caption: 'Photo: BJAST' } },
        { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableHeader', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hall' }] }] }] }, { type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'A & B <1>' }] }] }] }] },
      ],
    };
    const created = await me.postForm('/admin/articles', { lang: 'en', title: 'Open day', summary: '', bodyMode: 'rich', bodyJson: JSON.stringify(rich), bodyText: '' });
    expect(created.statusCode).toBe(303);
    const url = created.headers.location!.split('?')[0]!;
    const id = Number(url.split('/').pop());
    const actor = { id: 1, name: 'contributor', role: 'contributor' as const, locale: 'en' as const };
    const stored = (await t.services.newsWorkflow.get(actor, id)).body;
    expect(stored.content.map((b) => b.type)).toEqual(['heading', 'image', 'table']);

    // Without JavaScript: the page shows the text area (HTML with the image reference) and carries the document.
    const page = (await me.get(url)).body;
    const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const textarea = unescape(page.match(/<textarea id="bodyText"[^>]*>([\s\S]*?)<\/textarea>/)![1]!);
    const bodyJson = unescape(page.match(/name="bodyJson" value="([^"]*)"/)![1]!);
    const bodyBase = page.match(/name="bodyBase" value="([^"]*)"/)![1]!;
    expect(textarea).toContain(`<img data-media-id="${dome.id}" alt="The dome at night" data-caption="Photo: BJAST">`);
    // Sent back untouched (as a browser does: CRLF line ends), the document stays exactly as it was.
    const same = await me.postForm(url, { revision: '1', title: 'Open day', slug: 'open-day', summary: '', format: 'html', bodyText: textarea.replace(/\n/g, '\r\n'), bodyJson, bodyBase });
    expect(same.statusCode).toBe(303);
    expect((await t.services.newsWorkflow.get(actor, id)).body).toEqual(stored);
    // Edited, the text area is read as HTML: the image and the table are still there.
    const edited = await me.postForm(url, { revision: '2', title: 'Open day', slug: 'open-day', summary: '', format: 'html', bodyText: `${textarea}<p>Tickets are free.</p>`, bodyJson, bodyBase });
    expect(edited.statusCode).toBe(303);
    const after = (await t.services.newsWorkflow.get(actor, id)).body;
    expect(after.content.map((b) => b.type)).toEqual(['heading', 'image', 'table', 'paragraph']);
    expect(after.content[1]).toEqual({ type: 'image', attrs: { mediaId: dome.id, alt: 'The dome at night', caption: 'Photo: BJAST' } });
    expect(after.content[2]).toEqual(stored.content[2]);
  });

  it('serves the editor to the editing page from this site, gzipped for browsers that take it, with its settings as data', async () => {
    await t.services.auth.addUser({ name: 'admin', role: 'administrator', password: PASSWORD, locale: 'en' });
    await t.services.terms.add({ id: 5, name: 'admin', role: 'administrator', locale: 'en' }, 'bad word', null);
    const me = await signedIn(t, 'contributor');
    const page = (await me.get('/admin/articles/new')).body;
    const src = page.match(/<script src="(\/assets\/editor\.[0-9a-f]{12}\.js)" integrity="sha256-[A-Za-z0-9+/]+=*" defer><\/script>/)?.[1];
    expect(src, 'the bundle is built by npm run build').toBeDefined();
    const config = JSON.parse(page.match(/data-config="([^"]*)"/)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
    expect(config).toMatchObject({ articleId: null, revision: 0, autosave: true, terms: ['bad word'], doc: { type: 'doc', content: [] } });
    const plain = await t.app.inject(src!);
    const zipped = await t.app.inject({ url: src!, headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);
    expect(plain.headers['cache-control']).toContain('immutable');
  });

  it('a stale Save from the rich editor shows the stored version and reloads the editor with the sender\'s document', async () => {
    const me = await signedIn(t, 'contributor');
    const editor = await signedIn(t, 'editor');
    const { id } = (await me.post('/admin/api/articles', { lang: 'en', title: 'Shared', body: doc('Original.') })).json() as { id: number };
    await editor.post(`/admin/api/articles/${id}/autosave`, { revision: 1, title: 'Shared', body: doc('The editor was here.') });
    const late = await me.postForm(`/admin/articles/${id}`, { revision: '1', title: 'Shared', slug: 'shared', summary: '', bodyMode: 'rich', bodyJson: JSON.stringify(doc('Mine, typed meanwhile.')) });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('<p>The editor was here.</p>'); // the stored version, rendered
    const config = JSON.parse(late.body.match(/data-config="([^"]*)"/)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
    expect(config.revision).toBe(2); // saving again goes on top of the stored version…
    expect(JSON.stringify(config.doc)).toContain('Mine, typed meanwhile.'); // …with the sender's text
    expect(late.body).toMatch(/<textarea id="bodyText"[^>]*>Mine, typed meanwhile.<\/textarea>/); // and without JavaScript too
  });
});

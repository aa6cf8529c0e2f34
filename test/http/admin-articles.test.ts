// Writing, editing and publishing through the workspace's forms, as a browser would post them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserFor, testApp } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

const PASSWORD = 'correct horse battery staple';
type App = Awaited<ReturnType<typeof testApp>>;

describe.each(testDialects())('workspace articles on %s', (dialect) => {
  let t: App;
  beforeEach(async () => {
    t = await testApp(dialect);
    for (const role of ['contributor', 'editor', 'publisher'] as const) await t.services.auth.addUser({ name: role, role, password: PASSWORD, locale: 'en' });
  });
  afterEach(() => t.close());

  it('takes an article from the contributor\'s form to the public news list', async () => {
    const writer = await browserFor(t, 'contributor');
    await writer.get('/admin/articles/new');
    const created = await writer.post('/admin/articles', { lang: 'en', title: 'Star party at the Ancient Observatory', summary: '', bodyText: 'First paragraph.\n\nSecond paragraph.' });
    expect(created.statusCode).toBe(303);
    const editUrl = created.headers.location!.split('?')[0]!;
    const form = await writer.get(editUrl);
    expect(form.body).toContain('First paragraph.\n\nSecond paragraph.');
    expect(form.body).not.toContain('Submit for review'); // contributors cannot submit

    const editor = await browserFor(t, 'editor');
    await editor.get(editUrl);
    expect((await editor.post(`${editUrl}/transition`, { to: 'in_review' })).statusCode).toBe(303);
    const publisher = await browserFor(t, 'publisher');
    const review = await publisher.get(editUrl);
    expect(review.body).toContain('Approve');
    await publisher.post(`${editUrl}/transition`, { to: 'approved' });
    await publisher.get(editUrl);
    await publisher.post(`${editUrl}/transition`, { to: 'published' });

    const list = await t.app.inject('/en/news/');
    expect(list.body).toContain('Star party at the Ancient Observatory');
    const dash = await publisher.get('/admin');
    expect(dash.body).toContain('Star party at the Ancient Observatory');
  });

  it('keeps both versions when two people save the same revision, losing neither', async () => {
    const a = await browserFor(t, 'publisher');
    const created = await a.post('/admin/articles', { lang: 'en', title: 'Shared draft', summary: '', bodyText: 'Original text.' });
    const url = created.headers.location!.split('?')[0]!;
    await a.get(url);
    const b = await browserFor(t, 'editor');
    await b.get(url);
    expect((await a.post(url, { revision: '1', title: 'Shared draft', slug: 'shared-draft', summary: '', bodyText: 'Text from A.' })).statusCode).toBe(303);
    const late = await b.post(url, { revision: '1', title: 'Shared draft', slug: 'shared-draft', summary: '', bodyText: 'Text from B.' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Text from A.'); // the saved version
    expect(late.body).toContain('Text from B.'); // what B typed, still in the form
    expect(late.body).toMatch(/name="revision" value="2"/); // saving again merges onto the newest
    const merged = await b.post(url, { revision: '2', title: 'Shared draft', slug: 'shared-draft', summary: '', bodyText: 'Text from A.\n\nText from B.' });
    expect(merged.statusCode).toBe(303);
  });

  it('lists only a contributor\'s own articles, and filters by status and title', async () => {
    const pub = await browserFor(t, 'publisher');
    await pub.post('/admin/articles', { lang: 'en', title: 'Publisher note', summary: '', bodyText: 'x' });
    const writer = await browserFor(t, 'contributor');
    await writer.post('/admin/articles', { lang: 'zh', title: '天文馆开放日', summary: '', bodyText: '正文。' });
    const mine = await writer.get('/admin/articles');
    expect(mine.body).toContain('天文馆开放日');
    expect(mine.body).not.toContain('Publisher note');
    const all = await pub.get('/admin/articles?status=draft&q=NOTE');
    expect(all.body).toContain('Publisher note');
    expect(all.body).not.toContain('天文馆开放日');
  });

  it('highlights sensitive terms in the editor and keeps the list to administrators', async () => {
    await t.services.auth.addUser({ name: 'admin', role: 'administrator', password: PASSWORD, locale: 'en' });
    const admin = await browserFor(t, 'admin');
    await admin.get('/admin/terms');
    expect((await admin.post('/admin/terms', { term: 'bad word', replacement: 'good word' })).statusCode).toBe(303);
    const writer = await browserFor(t, 'contributor');
    const created = await writer.post('/admin/articles', { lang: 'en', title: 'A title', summary: '', bodyText: 'This has a bad word in it.' });
    const page = await writer.get(created.headers.location!.split('?')[0]!);
    expect(page.body).toContain('<mark>bad word</mark>');
    expect(page.body).toContain('good word');
    expect((await writer.get('/admin/terms')).statusCode).toBe(403);
  });
});

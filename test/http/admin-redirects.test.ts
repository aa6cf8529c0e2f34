// The redirects screen as editors use it, on every store: add, find, change and delete redirects
// and gone addresses; refusals name the field; contributors neither see nor reach it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docFromParagraphs } from '../../src/richtext/index.js';
import { articleInput, browserFor, testApp, TEST_PASSWORD } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

describe.each(testDialects())('redirects screen on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let editor: Awaited<ReturnType<typeof browserFor>>;
  beforeEach(async () => {
    t = await testApp(dialect);
    await t.services.auth.addUser({ name: 'editor', role: 'editor', password: TEST_PASSWORD, locale: 'en' });
    editor = await browserFor(t, 'editor');
  });
  afterEach(() => t.close());

  const rows = (html: string) => [...html.matchAll(/<tr><th scope="row"><code>([^<]*)<\/code><\/th><td[^>]*>([^<]*)<\/td><td>(?:<code>)?([^<]*)/g)].map((m) => [m[1], m[2], m[3]]);

  it('adds a redirect and a gone address, changes one, deletes the other, each in the audit log', async () => {
    const list = await editor.get('/admin/redirects');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('aria-current="page">Redirects</a>');

    const added = await editor.post('/admin/redirects', { from: '/Html/About.html', to: '/en/about', status: '301' });
    expect([added.statusCode, added.headers.location]).toEqual([303, '/admin/redirects?done=created']);
    expect((await editor.post('/admin/redirects', { from: '/Html/Closed.html', to: '', status: '410' })).statusCode).toBe(303);
    const after = await editor.get('/admin/redirects?done=created');
    expect(after.body).toContain('Added.');
    expect(rows(after.body)).toEqual([
      ['/html/about.html', '301 Moved for good', '/en/about'],
      ['/html/closed.html', '410 Removed', '–'],
    ]);
    expect((await t.app.inject('/Html/About.html')).headers.location).toBe('/en/about');

    const edit = await editor.get('/admin/redirects/edit?path=%2Fhtml%2Fabout.html');
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('value="/en/about"');
    const saved = await editor.post('/admin/redirects/edit', { from: '/html/about.html', to: '/zh/about', status: '302' });
    expect([saved.statusCode, saved.headers.location]).toEqual([303, '/admin/redirects?done=saved']);
    expect(await t.app.inject('/html/about.html')).toMatchObject({ statusCode: 302, headers: { location: '/zh/about' } });

    expect((await editor.post('/admin/redirects/delete', { from: '/html/closed.html' })).statusCode).toBe(303);
    expect((await t.app.inject('/Html/Closed.html')).statusCode).toBe(404);
    const audit = await t.services.auth.listAudit({ limit: 10, offset: 0 });
    expect(audit.filter((a) => a.action.startsWith('redirect.')).map((a) => [a.action, a.actorName])).toEqual([
      ['redirect.delete', 'editor'],
      ['redirect.update', 'editor'],
      ['redirect.create', 'editor'],
      ['redirect.create', 'editor'],
    ]);
  });

  it('refuses bad entries with 400, names the field, keeps what was typed and writes nothing', async () => {
    await t.services.news.create(articleInput('en', 'Open Day', '2024-01-01T00:00:00.000Z'));
    const cases: [Record<string, string>, string, string][] = [
      [{ from: '/Html/x.html', to: 'javascript:alert(1)', status: '301' }, 'to', 'The target must be a path on this site'],
      [{ from: '/Html/x.html', to: '//evil.example/', status: '301' }, 'to', 'The target must be a path on this site'],
      [{ from: 'Html/x.html', to: '/en/', status: '301' }, 'from', 'The address must be a path on this site'],
      [{ from: '/admin/users', to: '/en/', status: '301' }, 'from', 'The site uses this address itself'],
      [{ from: '/en/news/open-day', to: '/en/', status: '301' }, 'from', 'A page is published at this address'],
      [{ from: '/Html/x.html', to: '/en/', status: '308' }, 'status', 'The answer must be 301, 302 or 410.'],
    ];
    for (const [form, field, words] of cases) {
      const res = await editor.post('/admin/redirects', form);
      expect(res.statusCode, JSON.stringify(form)).toBe(400);
      expect(res.body).toContain(words);
      expect(res.body).toMatch(new RegExp(`id="${field}" name="${field}"[^>]*aria-invalid="true"`));
    }
    const typed = await editor.post('/admin/redirects', { from: '/Html/"><script>x()</script>.html', to: 'javascript:x()', status: '301' });
    expect(typed.body).toContain('value="/Html/&quot;>&lt;script>x()&lt;/script>.html"');
    expect(typed.body).not.toContain('<script>x()');
    expect(await t.services.redirects.listAll()).toEqual([]);
  });

  it('finds entries by address or target and answer, a page at a time', async () => {
    for (let i = 1; i <= 30; i++) await t.services.redirects.fromLegacy(`/Html/Article/20200409/${1000 + i}.html`, `/en/news/story-${i}`);
    await t.services.redirects.left('/en/news/withdrawn', 'article');
    const first = await editor.get('/admin/redirects');
    expect(rows(first.body)).toHaveLength(25);
    expect(first.body).toContain('1 / 2 · 31');
    expect(rows((await editor.get('/admin/redirects?page=2')).body)).toHaveLength(6);
    expect(rows((await editor.get('/admin/redirects?q=story-2')).body).map((r) => r[2])).toEqual(['/en/news/story-2', ...Array.from({ length: 10 }, (_, i) => `/en/news/story-${20 + i}`)]);
    expect(rows((await editor.get('/admin/redirects?status=410')).body)).toEqual([['/en/news/withdrawn', '410 Removed', '–']]);
  });

  it('is not for contributors: no menu entry, and 403', async () => {
    await t.services.auth.addUser({ name: 'writer', role: 'contributor', password: TEST_PASSWORD, locale: 'en' });
    const writer = await browserFor(t, 'writer');
    const dashboard = await writer.get('/admin');
    expect(dashboard.body).not.toContain('href="/admin/redirects"');
    expect((await writer.get('/admin/redirects')).statusCode).toBe(403);
    expect((await writer.post('/admin/redirects', { from: '/Html/x.html', to: '/en/', status: '301' })).statusCode).toBe(403);
    expect(await t.services.redirects.listAll()).toEqual([]);
    // Editors see the entry in the menu, in Chinese too.
    await t.services.pages.create({ lang: 'zh', slug: 'about', title: '概况', body: docFromParagraphs(['x']), status: 'published' });
    await t.services.auth.addUser({ name: 'bianji', role: 'editor', password: TEST_PASSWORD, locale: 'zh' });
    expect((await (await browserFor(t, 'bianji')).get('/admin/redirects')).body).toContain('重定向与已删除地址');
  });
});

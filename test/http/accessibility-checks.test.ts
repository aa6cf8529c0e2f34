// Accessibility checks at submission: a text that fails them goes to review only when its author
// confirms (form and API), the confirmation is audited, and the reviewer sees the same warnings.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiCallers, browserFor, testApp, TEST_PASSWORD } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

type App = Awaited<ReturnType<typeof testApp>>;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const checksNotice = (html: string) => text(html.match(/<section id="checks-notice"[\s\S]*?<\/section>/)?.[0] ?? '');

// A vague link, a first heading two levels down, a table without header cells.
const FAULTY = '<h4>Background</h4><p>The report is out: <a href="/en/news/report">click here</a>.</p><table><tr><td>Year</td><td>Funding</td></tr><tr><td>2025</td><td>12</td></tr></table>';
const FIXED = '<h2>Background</h2><p>Read <a href="/en/news/report">the 2025 annual report</a>.</p><table><tr><th>Year</th><th>Funding</th></tr><tr><td>2025</td><td>12</td></tr></table>';

describe.each(testDialects())('accessibility checks at submission on %s', (dialect) => {
  let t: App;
  beforeEach(async () => {
    t = await testApp(dialect);
    for (const role of ['contributor', 'publisher'] as const) await t.services.auth.addUser({ name: role, role, password: TEST_PASSWORD, locale: 'en' });
  });
  afterEach(() => t.close());

  const audit = (action: string) => t.services.auth.listAudit({ action, limit: 10, offset: 0 });

  it('refuses an article\'s submission naming the problems, submits it once confirmed, and shows the reviewer the same list', async () => {
    const writer = await browserFor(t, 'contributor');
    await writer.get('/admin/articles/new');
    const created = await writer.post('/admin/articles', { lang: 'en', title: 'Annual report', summary: '', bodyText: FAULTY, format: 'html' });
    expect(created.statusCode).toBe(303);
    const url = created.headers.location!.split('?')[0]!;
    const id = Number(url.split('/').pop());

    // The saved text's warnings are on the editor, with the box to confirm them beside "Submit".
    const form = (await writer.get(url)).body;
    expect(checksNotice(form)).toContain('The first heading, “Background”, is level 4');
    expect(form).toContain('name="acceptChecks"');

    const refused = await writer.post(`${url}/transition`, { to: 'in_review', revision: '1' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Submit with these warnings');
    const listed = checksNotice(refused.body);
    expect(listed).toContain('The first heading, “Background”, is level 4');
    expect(listed).toContain('The link text “click here” does not say where it goes');
    expect(listed).toContain('The table starting “Year” has no header cells');
    // Nothing moved: still a draft at the same revision, nothing in the log.
    const still = await t.services.newsWorkflow.get({ id: 0, name: 'x', role: 'publisher', locale: 'en' }, id);
    expect([still.status, still.revision]).toEqual(['draft', 1]);
    expect(await audit('article.transition')).toEqual([]);

    expect((await writer.post(`${url}/transition`, { to: 'in_review', revision: '1', acceptChecks: '1' })).statusCode).toBe(303);
    const [accepted] = await audit('article.accept_checks');
    expect(accepted).toMatchObject({ actorName: 'contributor', entityType: 'article', entityId: id });
    expect(accepted!.comment).toBe('3 warnings: HEADING_FIRST_TOO_DEEP, LINK_TEXT_VAGUE, TABLE_NO_HEADERS');

    // The publisher reviews the same warnings, and decides: they may still publish.
    const publisher = await browserFor(t, 'publisher');
    const review = (await publisher.get(url)).body;
    expect(checksNotice(review)).toContain('The link text “click here” does not say where it goes');
    expect(text(review)).toMatch(/contributor submitted this for review on .+ with the accessibility warnings confirmed, not fixed\./);
    expect(review).not.toContain('name="acceptChecks"'); // only submitting asks
    expect((await publisher.post(`${url}/transition`, { to: 'approved', revision: '1' })).statusCode).toBe(303);
    expect((await publisher.post(`${url}/transition`, { to: 'published', revision: '1' })).statusCode).toBe(303);
    expect((await t.app.inject('/en/news/annual-report')).statusCode).toBe(200);
  });

  it('submits a text that passes the checks without asking, and shows no warnings', async () => {
    const writer = await browserFor(t, 'contributor');
    await writer.get('/admin/articles/new');
    const url = (await writer.post('/admin/articles', { lang: 'en', title: 'Annual report', summary: '', bodyText: FIXED, format: 'html' })).headers.location!.split('?')[0]!;
    const form = (await writer.get(url)).body;
    expect(form).not.toContain('id="checks-notice"');
    expect(form).not.toContain('name="acceptChecks"');
    expect((await writer.post(`${url}/transition`, { to: 'in_review', revision: '1' })).statusCode).toBe(303);
    expect(await audit('article.accept_checks')).toEqual([]);
    expect((await writer.get(url)).body).not.toContain('warnings confirmed');
  });

  it('shows what the warnings quote as text, never as markup', async () => {
    const writer = await browserFor(t, 'contributor');
    const [user] = (await t.services.auth.listUsers()).filter((u) => u.name === 'contributor');
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const body = { type: 'doc' as const, content: [{ type: 'heading' as const, attrs: { level: 4 as const }, content: [{ type: 'text' as const, text: hostile }] }] };
    const a = await t.services.newsWorkflow.create({ id: user!.id, name: 'contributor', role: 'contributor', locale: 'en' }, { lang: 'en', title: 'Hostile', body });
    const html = (await writer.get(`/admin/articles/${a.id}`)).body;
    expect(checksNotice(html)).toContain('The first heading, “&lt;script>alert(1)&lt;/script>&lt;img src=x onerror=alert(2)>”, is level 4');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
  });

  it('gates a page\'s submission through its own editor, in the author\'s language', async () => {
    await t.services.auth.addUser({ name: 'zhwriter', role: 'contributor', password: TEST_PASSWORD, locale: 'zh' });
    const writer = await browserFor(t, 'zhwriter');
    await writer.get('/admin/pages/new');
    const created = await writer.post('/admin/pages', { lang: 'zh', title: '参观指南', slug: 'visit', summary: '', bodyText: '<p>开放时间见<a href="/zh/hours">这里</a>。</p><p>票价见<a href="/zh/tickets">这里</a>。</p>', format: 'html' });
    const url = created.headers.location!.split('?')[0]!;
    const refused = await writer.post(`${url}/transition`, { to: 'in_review', revision: '1' });
    expect(refused.statusCode).toBe(400);
    const listed = checksNotice(refused.body);
    expect(listed).toContain('无障碍检查');
    expect(listed.match(/链接文字“这里”没有说明去向/g)).toHaveLength(2);
    expect((await writer.post(`${url}/transition`, { to: 'in_review', revision: '1', acceptChecks: '1' })).statusCode).toBe(303);
    expect((await audit('page.accept_checks'))[0]!.comment).toBe('2 warnings: LINK_TEXT_VAGUE ×2');
    expect(text((await writer.get(url)).body)).toMatch(/zhwriter 于 .+ 提交审核时确认了无障碍提示，未作修改。/);

    // Sent back, fixed and submitted again: no warning, no box, and the note is gone.
    const publisher = await browserFor(t, 'publisher');
    await publisher.get(url);
    expect((await publisher.post(`${url}/transition`, { to: 'draft', revision: '1', comment: '请改链接文字' })).statusCode).toBe(303);
    await writer.get(url);
    const fixed = '<p><a href="/zh/hours">开放时间</a>和<a href="/zh/tickets">票价</a>。</p>';
    expect((await writer.post(url, { title: '参观指南', slug: 'visit', summary: '', bodyText: fixed, format: 'html', revision: '1' })).statusCode).toBe(303);
    expect((await writer.post(`${url}/transition`, { to: 'in_review', revision: '2' })).statusCode).toBe(303);
    const after = (await writer.get(url)).body;
    expect(after).not.toContain('id="checks-notice"');
    expect(text(after)).not.toContain('确认了无障碍提示');
  });
});

describe.each(testDialects())('accessibility checks in the write API on %s', (dialect) => {
  let t: App;
  let call: Awaited<ReturnType<typeof apiCallers>>;
  beforeEach(async () => {
    t = await testApp(dialect);
    call = await apiCallers(t, ['contributor'] as const);
  });
  afterEach(() => t.close());

  it('answers 400 with the list, changes nothing, and submits when told to accept the warnings', async () => {
    const body = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: '简介' }] },
        { type: 'heading', attrs: { level: 4 }, content: [{ type: 'text', text: '沿革' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'https://bjast.ac.cn/about', marks: [{ type: 'link', attrs: { href: 'https://bjast.ac.cn/about' } }] }] },
      ],
    };
    const created = await call('contributor', 'POST', '/api/v1/institutions', { lang: 'zh', name: '北京市科学技术研究院', profile: body });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    const refused = await call('contributor', 'POST', `/api/v1/institutions/${id}/transitions`, { to: 'in_review' });
    expect(refused.statusCode).toBe(400);
    const error = refused.json().error;
    expect(error.code).toBe('ACCESSIBILITY_CHECKS_FAILED');
    expect(error.details.total).toBe(2);
    expect(error.details.warnings.map((w: { code: string; subject: string; path: string }) => [w.code, w.subject, w.path])).toEqual([
      ['HEADING_SKIPPED', '沿革', 'content[1]'],
      ['LINK_TEXT_URL', 'https://bjast.ac.cn/about', 'content[2].content[0]'],
    ]);
    expect((await call('contributor', 'GET', `/api/v1/institutions/${id}/revisions`)).json().items.map((r: { status: string }) => r.status)).toEqual(['draft']);
    expect(await t.services.auth.listAudit({ action: 'institution.transition', limit: 10, offset: 0 })).toEqual([]);

    const accepted = await call('contributor', 'POST', `/api/v1/institutions/${id}/transitions`, { to: 'in_review', acceptChecks: true });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().status).toBe('in_review');
    const [entry] = await t.services.auth.listAudit({ action: 'institution.accept_checks', limit: 10, offset: 0 });
    expect(entry!.comment).toBe('2 warnings: HEADING_SKIPPED, LINK_TEXT_URL');
    // A wrong type is the request's error, named.
    const bad = await call('contributor', 'POST', `/api/v1/institutions/${id}/transitions`, { to: 'approved', acceptChecks: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error)).toContain('acceptChecks');
  });
});

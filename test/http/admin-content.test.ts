// Pages and institutions through the workspace's forms, as a browser would post them: the same
// workflow as articles, from a contributor's draft to the public site and back out of it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserFor, testApp } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

const PASSWORD = 'correct horse battery staple';
type App = Awaited<ReturnType<typeof testApp>>;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe.each(testDialects())('workspace pages and institutions on %s', (dialect) => {
  let t: App;
  beforeEach(async () => {
    t = await testApp(dialect);
    for (const role of ['contributor', 'editor', 'publisher'] as const) await t.services.auth.addUser({ name: role, role, password: PASSWORD, locale: 'en' });
  });
  afterEach(() => t.close());

  it('takes a page from a contributor\'s draft through review to the public site', async () => {
    const writer = await browserFor(t, 'contributor');
    expect((await writer.get('/admin')).body).toContain('href="/admin/pages"');
    await writer.get('/admin/pages/new');
    const created = await writer.post('/admin/pages', { lang: 'en', title: 'Visiting hours', slug: '', summary: 'When we are open', bodyText: 'Monday to Friday.\n\nClosed on holidays.', format: 'text' });
    expect(created.statusCode).toBe(303);
    const editUrl = created.headers.location!.split('?')[0]!;
    const form = await writer.get(editUrl);
    expect(form.body).toContain('Monday to Friday.\n\nClosed on holidays.');
    expect(form.body).toContain('value="visiting-hours"');
    expect(form.body).toContain('Submit for review'); // contributors submit their own drafts
    // The dashboard lists it among the contributor's drafts, marked as a page.
    expect(text((await writer.get('/admin')).body)).toContain('Page Visiting hours');
    expect((await t.app.inject('/en/visiting-hours')).statusCode).toBe(404);

    const editor = await browserFor(t, 'editor');
    await editor.get(editUrl);
    expect((await editor.post(`${editUrl}/transition`, { to: 'in_review' })).statusCode).toBe(303);
    expect((await editor.post(`${editUrl}/transition`, { to: 'approved' })).statusCode).toBe(403);

    const publisher = await browserFor(t, 'publisher');
    expect(text((await publisher.get('/admin')).body)).toMatch(/Awaiting my review .*Page Visiting hours/);
    await publisher.get(editUrl);
    expect((await publisher.post(`${editUrl}/transition`, { to: 'approved' })).statusCode).toBe(303);
    expect((await publisher.post(`${editUrl}/transition`, { to: 'published' })).statusCode).toBe(303);

    const page = await t.app.inject('/en/visiting-hours');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<p>Closed on holidays.</p>');
    const list = await publisher.get('/admin/pages?status=published&lang=en&q=visiting');
    expect(list.body).toContain('Visiting hours');
    expect((await publisher.get('/admin/pages?status=draft')).body).not.toContain('Visiting hours');
    const log = await t.services.auth.listAudit({ action: 'page.transition', limit: 10, offset: 0 });
    expect(log.map((e) => [e.actorName, e.to])).toEqual([['publisher', 'published'], ['publisher', 'approved'], ['editor', 'in_review']]);
  });

  it('edits an institution\'s contact details, shows a stale save beside the stored one, and takes it out of the directory', async () => {
    const publisher = await browserFor(t, 'publisher');
    await publisher.get('/admin/institutions/new');
    const created = await publisher.post('/admin/institutions', {
      lang: 'en', title: 'Institute of Optics', slug: 'optics', position: '7', address: '1 Example Road', phone: '010-1234 5678', email: 'office@optics.example', externalUrl: 'https://optics.example', bodyText: 'Founded in 1979.', format: 'text',
    });
    expect(created.statusCode).toBe(303);
    const editUrl = created.headers.location!.split('?')[0]!;
    const form = (await publisher.get(editUrl)).body;
    expect(form).toContain('value="010-1234 5678"');
    for (const to of ['in_review', 'approved', 'published']) expect((await publisher.post(`${editUrl}/transition`, { to })).statusCode).toBe(303);
    expect(text((await t.app.inject('/en/institutions/')).body)).toContain('7 Institute of Optics');
    const profile = await t.app.inject('/en/institutions/optics');
    expect(profile.body).toContain('Founded in 1979.');
    expect(profile.body).toContain('010-1234 5678');

    // Two people opened revision 1; the second save is refused and both versions are shown.
    const base = { title: 'Institute of Optics', slug: 'optics', position: '7', address: '1 Example Road', email: 'office@optics.example', externalUrl: 'https://optics.example', format: 'text' };
    expect((await publisher.post(editUrl, { ...base, revision: '1', phone: '010-1111 1111', bodyText: 'Founded in 1979 in Beijing.' })).statusCode).toBe(303);
    const stale = await publisher.post(editUrl, { ...base, revision: '1', phone: '010-2222 2222', bodyText: 'An edit of the old copy.' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone saved this item after you opened it');
    expect(stale.body).toContain('Founded in 1979 in Beijing.');
    expect(stale.body).toContain('An edit of the old copy.');
    expect((await t.services.institutionsWorkflow.get({ id: 0, name: 'x', role: 'publisher', locale: 'en' }, Number(editUrl.split('/').pop()))).phone).toBe('010-1111 1111');

    // Revisions, comparison and restore work as they do for articles.
    const compare = await publisher.get(`${editUrl}/compare?from=1&to=2`);
    expect(compare.statusCode).toBe(200);
    expect(text(compare.body)).toContain('phone 010-1234 5678 → 010-1111 1111');
    expect((await publisher.post(`${editUrl}/restore`, { revision: '1', basedOn: '2' })).headers.location).toBe(`${editUrl}?done=restored`);
    expect((await t.app.inject('/en/institutions/optics')).body).toContain('010-1234 5678');

    expect((await publisher.post(`${editUrl}/transition`, { to: 'unpublished' })).statusCode).toBe(303);
    expect(text((await t.app.inject('/en/institutions/')).body)).not.toContain('Institute of Optics');
    // Taken down, its address says so (410 Gone), rather than that it never was.
    expect((await t.app.inject('/en/institutions/optics')).statusCode).toBe(410);
    // The workspace still shows it, and its preview renders the profile page.
    expect((await publisher.get('/admin/institutions?status=unpublished')).body).toContain('Institute of Optics');
    expect((await publisher.get(`${editUrl}/preview`)).body).toContain('Founded in 1979.');
  });

  it('keeps contributors to their own drafts and refuses a bad web address with a message', async () => {
    const writer = await browserFor(t, 'contributor');
    const refused = await writer.post('/admin/institutions', { lang: 'en', title: 'Office', externalUrl: 'javascript:alert(1)', bodyText: '', format: 'text' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('The website must be an http(s) address.');
    expect(refused.body).toContain('value="javascript:alert(1)"');
    const editor = await browserFor(t, 'editor');
    const own = await editor.post('/admin/pages', { lang: 'en', title: 'Editor draft', bodyText: 'x', format: 'text' });
    const url = own.headers.location!.split('?')[0]!;
    expect((await writer.get(url)).statusCode).toBe(403);
    expect((await writer.get('/admin/pages')).body).not.toContain('Editor draft');
  });
});

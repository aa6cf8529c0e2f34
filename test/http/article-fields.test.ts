// The fields beside an article's text (channel, institutions, the other language's version, SEO),
// what editors look after, and the address checked as one types.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserFor, testApp, TEST_PASSWORD } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

describe.each(testDialects())('article fields on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const tokens: Record<string, string> = {};
  let planetarium: { zh: number; en: number };
  let observatory: number;
  beforeEach(async () => {
    t = await testApp(dialect);
    for (const role of ['contributor', 'editor', 'publisher', 'administrator'] as const) {
      await t.services.auth.addUser({ name: role, role, password: TEST_PASSWORD, locale: 'en' });
      tokens[role] = (await t.services.auth.createToken(role)).token;
    }
    const zh = await t.services.institutions.create({ lang: 'zh', position: 1, name: '北京天文馆', profile: null });
    const en = await t.services.institutions.create({ lang: 'en', position: 1, name: 'Beijing Planetarium', profile: null });
    await t.services.institutions.linkTranslations(zh, en);
    observatory = (await t.services.institutions.create({ lang: 'en', position: 2, name: 'Ancient Observatory', profile: null })).id;
    planetarium = { zh: zh.id, en: en.id };
  });
  afterEach(() => t.close());

  const call = (who: string, method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, ...(payload ? { payload } : {}) });
  const publish = async (id: number) => {
    for (const to of ['in_review', 'approved', 'published']) expect((await call('publisher', 'POST', `/api/v1/articles/${id}/transitions`, { to })).statusCode).toBe(200);
  };

  it('shows the SEO title and description to search engines and links the institutions on the public page', async () => {
    const res = await call('contributor', 'POST', '/api/v1/articles', {
      lang: 'en',
      title: 'Night of the comets',
      body: doc('Visitors watched two comets.'),
      seoTitle: 'Comet night at the Planetarium',
      seoDescription: 'Two comets, one evening, 400 visitors.',
      institutionIds: [planetarium.en, observatory],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().institutionIds).toEqual([planetarium.en, observatory].sort((a, b) => a - b));
    await publish(res.json().id);
    const page = await t.app.inject('/en/news/night-of-the-comets');
    expect(page.body).toContain('<title>Comet night at the Planetarium | ');
    expect(page.body).toContain('<meta name="description" content="Two comets, one evening, 400 visitors."/>');
    expect(page.body).toContain('<h1>Night of the comets</h1>');
    expect(page.body).toMatch(/<a href="\/en\/institutions\/beijing-planetarium">Beijing Planetarium<\/a>.*<a href="\/en\/institutions\/ancient-observatory">Ancient Observatory<\/a>/s);
  });

  it('refuses unknown channels, institutions of the other language and unknown fields with a 400 naming the field', async () => {
    const base = { lang: 'en', title: 'Refused', body: doc('x') };
    const channel = await call('contributor', 'POST', '/api/v1/articles', { ...base, channelId: 9999 });
    expect(channel.statusCode).toBe(400);
    expect(channel.json().error).toMatchObject({ code: 'CHANNEL_UNKNOWN', details: { field: 'channelId' } });
    const wrongLang = await call('contributor', 'POST', '/api/v1/articles', { ...base, institutionIds: [planetarium.zh] });
    expect(wrongLang.json().error).toMatchObject({ code: 'INSTITUTION_UNKNOWN', details: { field: 'institutionIds' } });
    const typo = await call('contributor', 'POST', '/api/v1/articles', { ...base, sumary: 'misspelt' });
    expect(typo.statusCode).toBe(400);
    expect(JSON.stringify(typo.json())).toContain('sumary');
    expect((await t.services.newsWorkflow.list({ id: 1, name: 'publisher', role: 'publisher', locale: 'en' }, {}, { offset: 0, limit: 10 })).total).toBe(0);
  });

  it('pairs an article with its other-language version, which the language switch then follows', async () => {
    const zh = (await call('contributor', 'POST', '/api/v1/articles', { lang: 'zh', title: '彗星之夜', body: doc('观众观看了两颗彗星。') })).json();
    const en = (await call('contributor', 'POST', '/api/v1/articles', { lang: 'en', title: 'Night of the comets', body: doc('Two comets.'), translationOf: zh.id })).json();
    expect(en.translationGroup).not.toBeNull();
    const same = await call('contributor', 'POST', '/api/v1/articles', { lang: 'en', title: 'Another', body: doc('x'), translationOf: en.id });
    expect(same.json().error.code).toBe('TRANSLATION_INVALID');
    const other = (await call('contributor', 'POST', '/api/v1/articles', { lang: 'en', title: 'Second English', body: doc('x') })).json();
    const taken = await call('contributor', 'PATCH', `/api/v1/articles/${other.id}`, { revision: 1, translationOf: zh.id });
    expect(taken.json().error.code).toBe('TRANSLATION_TAKEN');
    await publish(zh.id);
    await publish(en.id);
    expect((await t.app.inject('/en/news/night-of-the-comets')).body).toContain(`href="/zh/news/${zh.slug}"`);
    // Unlinking takes the link away on both sides.
    const unlinked = await call('publisher', 'PATCH', `/api/v1/articles/${en.id}`, { revision: 1, translationOf: null });
    expect(unlinked.json().translationGroup).toBeNull();
    expect((await t.app.inject('/en/news/night-of-the-comets')).body).not.toContain(`href="/zh/news/${zh.slug}"`);
  });

  it('keeps the fields in each revision and shows their changes when comparing', async () => {
    const a = (await call('contributor', 'POST', '/api/v1/articles', { lang: 'en', title: 'Fields', body: doc('x') })).json();
    await call('contributor', 'PATCH', `/api/v1/articles/${a.id}`, { revision: 1, seoTitle: 'Better title', institutionIds: [observatory] });
    const cmp = await t.services.newsWorkflow.compare({ id: 1, name: 'contributor', role: 'contributor', locale: 'en' }, a.id, 1, 2);
    expect(cmp.fields).toEqual([
      { field: 'institutionIds', from: null, to: String(observatory) },
      { field: 'seoTitle', from: null, to: 'Better title' },
    ]);
  });

  it('lets an editor with assigned institutions edit and submit only drafts about them', async () => {
    await t.services.auth.setScope('editor', { channels: [], institutions: [planetarium.zh] });
    const mine = (await call('contributor', 'POST', '/api/v1/articles', { lang: 'en', title: 'About the Planetarium', body: doc('x'), institutionIds: [planetarium.en] })).json();
    const elsewhere = (await call('contributor', 'POST', '/api/v1/articles', { lang: 'en', title: 'About the Observatory', body: doc('x'), institutionIds: [observatory] })).json();
    // The Chinese assignment covers the English version of the same institution.
    expect((await call('editor', 'PATCH', `/api/v1/articles/${mine.id}`, { revision: 1, summary: 'Edited by the editor' })).statusCode).toBe(200);
    expect((await call('editor', 'PATCH', `/api/v1/articles/${elsewhere.id}`, { revision: 1, summary: 'Not theirs' })).json().error.code).toBe('ARTICLE_EDIT_FORBIDDEN');
    expect((await call('editor', 'POST', `/api/v1/articles/${elsewhere.id}/transitions`, { to: 'in_review' })).json().error.code).toBe('TRANSITION_FORBIDDEN');
    // Nor may the editor move an article out of what they look after.
    expect((await call('editor', 'PATCH', `/api/v1/articles/${mine.id}`, { revision: 2, institutionIds: [observatory] })).json().error.code).toBe('ARTICLE_EDIT_FORBIDDEN');
    expect((await call('editor', 'POST', `/api/v1/articles/${mine.id}/transitions`, { to: 'in_review' })).json().status).toBe('in_review');
    // With nothing assigned, an editor looks after the whole Academy.
    await t.services.auth.setScope('editor', { channels: [], institutions: [] });
    expect((await call('editor', 'PATCH', `/api/v1/articles/${elsewhere.id}`, { revision: 1, summary: 'Now theirs' })).statusCode).toBe(200);
  });

  it('lets administrators assign what an editor looks after from the accounts screen', async () => {
    const admin = await browserFor(t, 'administrator');
    expect((await admin.get('/admin/users')).body).toContain('the whole Academy');
    const form = await admin.get('/admin/users/editor/scope');
    expect(form.body).toContain('Beijing Planetarium');
    expect((await admin.post('/admin/users/editor/scope', { channels: '1', institutions: String(planetarium.en) })).statusCode).toBe(303);
    expect((await t.services.auth.assignedScopes()).get((await t.services.auth.getUser('editor')).id)).toEqual({ channels: [1], institutions: [planetarium.en] });
    expect((await admin.post('/admin/users/editor/scope', { institutions: '99999' })).statusCode).toBe(400);
    const editor = await browserFor(t, 'editor');
    expect((await editor.get('/admin/users/editor/scope')).statusCode).toBe(403);
    expect((await editor.post('/admin/users/editor/scope', { channels: '' })).statusCode).toBe(403);
  });

  it('checks the address as one types, and proposes a free one', async () => {
    await call('contributor', 'POST', '/api/v1/articles', { lang: 'en', title: 'Star party', body: doc('x') });
    const writer = await browserFor(t, 'contributor');
    const check = async (q: string) => (await writer.get(`/admin/api/articles/slug?${q}`)).json();
    expect(await check('lang=en&slug=star-party')).toMatchObject({ valid: true, available: false, suggestion: 'star-party-2' });
    expect(await check('lang=zh&slug=star-party')).toMatchObject({ valid: true, available: true });
    expect(await check('lang=en&slug=Star%20Party!')).toMatchObject({ valid: false });
    expect(await check(`lang=zh&slug=&title=${encodeURIComponent('天文馆开放日')}`)).toMatchObject({ suggestion: 'tian-wen-guan-kai-fang-ri' });
    expect((await t.app.inject('/admin/api/articles/slug?lang=en&slug=x')).statusCode).toBe(401);
  });

  it('saves the fields from the workspace form, check boxes and all', async () => {
    const writer = await browserFor(t, 'contributor');
    await writer.get('/admin/articles/new');
    const body = new URLSearchParams({ lang: 'en', title: 'Form fields', summary: '', bodyText: 'Text.', seoTitle: 'SEO form title', channelId: '1' });
    body.append('institutionIds', String(planetarium.en));
    body.append('institutionIds', String(observatory));
    const created = await writer.post('/admin/articles', body);
    expect(created.statusCode).toBe(303);
    const id = Number(created.headers.location!.match(/articles\/(\d+)/)![1]);
    const page = await writer.get(`/admin/articles/${id}`);
    expect(page.body).toContain('value="SEO form title"');
    expect(page.body).toMatch(/<option value="1" selected>News<\/option>/);
    const boxes = [...page.body.matchAll(/<input type="checkbox" name="institutionIds" value="(\d+)"( checked)?/g)].filter((m) => m[2]).map((m) => Number(m[1]));
    expect(boxes.sort()).toEqual([planetarium.en, observatory].sort());
    // Unticking every box clears them.
    const cleared = await writer.post(`/admin/articles/${id}`, { title: 'Form fields', summary: '', bodyText: 'Text.', revision: '1', format: 'text' });
    expect(cleared.statusCode).toBe(303);
    expect((await t.services.newsWorkflow.get({ id: 1, name: 'publisher', role: 'publisher', locale: 'en' }, id)).institutionIds).toEqual([]);
  });

  it('withdraws a shared preview link at once', async () => {
    const a = (await call('contributor', 'POST', '/api/v1/articles', { lang: 'en', title: 'Shared draft', body: doc('Not public yet.') })).json();
    const writer = await browserFor(t, 'contributor');
    await writer.get(`/admin/articles/${a.id}`);
    const shared = await writer.post(`/admin/articles/${a.id}/preview-link`, {});
    const url = new URL(shared.body.match(/<a href="([^"]+\/preview\/[^"]+)"/)![1]!);
    expect((await t.app.inject(url.pathname)).body).toContain('Not public yet.');
    const page = await writer.get(`/admin/articles/${a.id}`);
    const revoke = page.body.match(/action="(\/admin\/articles\/\d+\/preview-link\/\d+\/revoke)"/)![1]!;
    expect(page.body).not.toContain(url.pathname.split('/').pop()!); // the token is shown once only
    expect((await writer.post(revoke, {})).statusCode).toBe(303);
    expect((await t.app.inject(url.pathname)).statusCode).toBe(404);
    expect((await writer.post(revoke, {})).statusCode).toBe(404);
  });
});

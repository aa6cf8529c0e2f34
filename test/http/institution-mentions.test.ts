// Institutions' aliases (workspace form, write and read API) and the links an article gets from
// the institutions its text mentions: found on save, confirmed or removed by editors, and the first
// mention by name or alias linked on the public page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserFor, testApp, TEST_PASSWORD } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

const doc = (...paragraphs: string[]) => ({ type: 'doc' as const, content: paragraphs.map((text) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] })) });

describe.each(testDialects())('institution aliases and mentions on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const tokens: Record<string, string> = {};
  let ids: { planetariumZh: number; planetariumEn: number; hallZh: number; academyEn: number };
  beforeEach(async () => {
    t = await testApp(dialect);
    for (const role of ['contributor', 'publisher'] as const) {
      await t.services.auth.addUser({ name: role, role, password: TEST_PASSWORD, locale: 'en' });
      tokens[role] = (await t.services.auth.createToken(role)).token;
    }
    const create = (lang: 'zh' | 'en', position: number, name: string, aliases: string[]) =>
      t.services.institutions.create({ lang, position, name, aliases, profile: doc(`${name}.`) });
    ids = {
      planetariumZh: (await create('zh', 1, '北京天文馆', ['天文馆'])).id,
      planetariumEn: (await create('en', 1, 'Beijing Planetarium', ['the Planetarium'])).id,
      // Another institution whose name is part of the planetarium's: a mention of the longer one is not also one of it.
      hallZh: (await create('zh', 2, '天文', [])).id,
      academyEn: (await create('en', 2, 'Beijing Academy of Science and Technology', ['BJAST'])).id,
    };
  });
  afterEach(() => t.close());

  const call = (who: string, method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, ...(payload ? { payload } : {}) });
  const article = async (lang: 'zh' | 'en', title: string, ...paragraphs: string[]) => {
    const res = await call('contributor', 'POST', '/api/v1/articles', { lang, title, body: doc(...paragraphs) });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: number; revision: number; slug: string; institutionIds: number[] };
  };
  const contributor = { id: 1, name: 'contributor', role: 'contributor', locale: 'en' } as const;
  const publisher = { id: 2, name: 'publisher', role: 'publisher', locale: 'en' } as const;
  const stored = (id: number) => t.services.newsWorkflow.get(contributor, id);
  const publish = async (id: number) => {
    for (const to of ['in_review', 'approved', 'published']) expect((await call('publisher', 'POST', `/api/v1/articles/${id}/transitions`, { to })).statusCode).toBe(200);
  };

  it('keeps aliases through the institution editor, and refuses bad ones naming the field', async () => {
    const browser = await browserFor(t, 'publisher');
    await browser.get('/admin/institutions/new');
    const created = await browser.post('/admin/institutions', { lang: 'zh', title: '北京自然博物馆', slug: 'museum', position: '', aliases: '自然博物馆\n\n  国家自然博物馆 \n', bodyText: '', format: 'text' });
    expect(created.statusCode).toBe(303);
    const editUrl = created.headers.location!.split('?')[0]!;
    const form = await browser.get(editUrl);
    expect(form.body).toMatch(/<textarea id="aliases" name="aliases"[^>]*>国家自然博物馆\n自然博物馆<\/textarea>/);
    const id = Number(editUrl.split('/').at(-1));
    expect((await t.services.institutionsWorkflow.get(publisher, id)).aliases).toEqual(['国家自然博物馆', '自然博物馆']);

    const twice = await browser.post(editUrl, { revision: '1', title: '北京自然博物馆', slug: 'museum', position: '3', aliases: '自然博物馆\n自然博物馆', bodyText: '', format: 'text' });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('Aliases: one per line, each once');
    // What was typed stays in the form; nothing was written.
    expect(twice.body).toMatch(/<textarea id="aliases"[^>]*>自然博物馆\n自然博物馆<\/textarea>/);
    expect((await t.services.institutionsWorkflow.get(publisher, id)).revision).toBe(1);

    // A form that does not carry the field (another client, an older page) leaves them as they are.
    const without = await browser.post(editUrl, { revision: '1', title: '北京自然博物馆', slug: 'museum', position: '3', bodyText: '', format: 'text' });
    expect(without.statusCode).toBe(303);
    expect((await t.services.institutionsWorkflow.get(publisher, id)).aliases).toEqual(['国家自然博物馆', '自然博物馆']);
  });

  it('takes aliases in the write API, returns them in the read API, and refuses bad ones with a 400 on the field aliases', async () => {
    const created = await call('publisher', 'POST', '/api/v1/institutions', { lang: 'en', name: 'Beijing Museum of Natural History', aliases: [' the Museum ', 'BMNH'], profile: null });
    expect(created.statusCode).toBe(201);
    const { id, revision } = created.json();
    for (const to of ['in_review', 'approved', 'published']) await call('publisher', 'POST', `/api/v1/institutions/${id}/transitions`, { to });
    expect((await call('publisher', 'GET', `/api/v1/institutions/${id}`)).json().aliases).toEqual(['BMNH', 'the Museum']);

    const refused = [
      [''],
      ['  '],
      ['x'.repeat(101)],
      Array.from({ length: 21 }, (_, i) => `Alias ${i}`),
      ['BMNH', 'bmnh'],
    ];
    for (const aliases of refused) {
      const res = await call('publisher', 'PATCH', `/api/v1/institutions/${id}`, { revision, aliases });
      expect(res.statusCode, JSON.stringify(aliases)).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'INSTITUTION_ALIASES_INVALID', details: { field: 'aliases' } });
    }
    const patched = await call('publisher', 'PATCH', `/api/v1/institutions/${id}`, { revision, aliases: ['x'.repeat(100), ...Array.from({ length: 19 }, (_, i) => `Alias ${i}`)] });
    expect(patched.statusCode).toBe(200);
    expect((await call('publisher', 'GET', `/api/v1/institutions/${id}`)).json().aliases).toHaveLength(20);
    expect((await call('publisher', 'PATCH', `/api/v1/institutions/${id}`, { revision: revision + 1, aliases: [] })).statusCode).toBe(200);
    expect((await call('publisher', 'GET', `/api/v1/institutions/${id}`)).json().aliases).toEqual([]);
  });

  it('finds the institutions an article mentions when it is saved: Chinese by substring, English as whole words, by name or alias', async () => {
    const zh = await article('zh', '彗星之夜', '昨晚北京天文馆迎来了许多观众。');
    // 北京天文馆 holds 天文 too: the longer name wins and that stretch names nothing else.
    expect(zh.institutionIds).toEqual([ids.planetariumZh]);
    const alias = await article('zh', '星空讲座', '讲座在天文馆举行。');
    expect(alias.institutionIds).toEqual([ids.planetariumZh]);
    const both = await article('zh', '天文知识', '天文爱好者来到北京天文馆。');
    expect(both.institutionIds).toEqual([ids.planetariumZh, ids.hallZh].sort((a, b) => a - b));

    const en = await article('en', 'A night of comets', 'Crowds came to THE PLANETARIUM last night, guests of bjast.');
    expect(en.institutionIds).toEqual([ids.planetariumEn, ids.academyEn].sort((a, b) => a - b));
    // Not inside another word, and only institutions of the article's language.
    const none = await article('en', 'Planetariums of the world', 'BJASTs and 北京天文馆 are not whole-word English mentions.');
    expect(none.institutionIds).toEqual([]);
    expect((await stored(en.id)).foundInstitutionIds).toEqual(en.institutionIds);

    // A later save finds what the new text mentions and drops a found link the text no longer makes.
    const saved = await call('contributor', 'PATCH', `/api/v1/articles/${none.id}`, { revision: 1, body: doc('Now at the Beijing Planetarium.') });
    expect(saved.json().institutionIds).toEqual([ids.planetariumEn]);
    const moved = await call('contributor', 'PATCH', `/api/v1/articles/${none.id}`, { revision: 2, body: doc('Now somewhere else.') });
    expect(moved.json().institutionIds).toEqual([]);
  });

  it('keeps a removed link removed on later saves, and confirming makes a found link the editor\'s', async () => {
    const a = await article('zh', '天文馆开放日', '北京天文馆今天开放。');
    const writer = await browserFor(t, 'contributor');
    const form = await writer.get(`/admin/articles/${a.id}`);
    expect(form.body).toMatch(new RegExp(`value="${ids.planetariumZh}" checked[^>]*/> 北京天文馆<small class="found-mark">found in the text</small>`));
    expect(form.body).toContain(`<input type="hidden" name="foundShown" value="${ids.planetariumZh}"/>`);

    // Unticked and saved: removed, and remembered.
    const fields = { revision: '1', title: '天文馆开放日', slug: a.slug, summary: '', bodyText: '北京天文馆今天开放。', format: 'text', foundShown: String(ids.planetariumZh) };
    expect((await writer.post(`/admin/articles/${a.id}`, fields)).statusCode).toBe(303);
    expect((await stored(a.id)).institutionIds).toEqual([]);
    // Neither a save through the form, an autosave-like API save, nor new text mentioning it again brings it back.
    expect((await writer.post(`/admin/articles/${a.id}`, { ...fields, revision: '2', bodyText: '北京天文馆今天开放，天文馆很热闹。' })).statusCode).toBe(303);
    const api = await call('contributor', 'PATCH', `/api/v1/articles/${a.id}`, { revision: 3, body: doc('北京天文馆明天也开放。') });
    expect(api.json().institutionIds).toEqual([]);

    // Ticking it again is an editor's choice: the link is back, as the editor's.
    const ticked = new URLSearchParams({ ...fields, revision: '4' });
    ticked.append('institutionIds', String(ids.planetariumZh));
    expect((await writer.post(`/admin/articles/${a.id}`, ticked)).statusCode).toBe(303);
    const back = await stored(a.id);
    expect([back.institutionIds, back.foundInstitutionIds]).toEqual([[ids.planetariumZh], []]);

    // Kept ticked and saved: a found link is confirmed, and then stays when the text stops mentioning it.
    const b = await article('en', 'Comets', 'At the Beijing Planetarium.');
    expect((await stored(b.id)).foundInstitutionIds).toEqual([ids.planetariumEn]);
    const keep = new URLSearchParams({ revision: '1', title: 'Comets', slug: b.slug, summary: '', bodyText: 'At the Beijing Planetarium.', format: 'text', foundShown: String(ids.planetariumEn) });
    keep.append('institutionIds', String(ids.planetariumEn));
    expect((await writer.post(`/admin/articles/${b.id}`, keep)).statusCode).toBe(303);
    expect((await stored(b.id)).foundInstitutionIds).toEqual([]);
    const later = await call('contributor', 'PATCH', `/api/v1/articles/${b.id}`, { revision: 2, body: doc('Elsewhere.') });
    expect(later.json().institutionIds).toEqual([ids.planetariumEn]);
  });

  it('does not take a link found after the form was opened for one the editor removed', async () => {
    const a = await article('en', 'Comets', 'Nothing named yet.');
    const writer = await browserFor(t, 'contributor');
    await writer.get(`/admin/articles/${a.id}`);
    // Meanwhile a save (the editor's autosave) finds the planetarium in new text.
    const autosaved = await call('contributor', 'PATCH', `/api/v1/articles/${a.id}`, { revision: 1, body: doc('At the Planetarium.') });
    expect(autosaved.json().institutionIds).toEqual([ids.planetariumEn]);
    // The form, opened before, showed no found link: its save leaves that one as it is.
    const res = await writer.post(`/admin/articles/${a.id}`, { revision: '2', title: 'Comets', slug: a.slug, summary: '', bodyText: 'At the Planetarium.', format: 'text' });
    expect(res.statusCode).toBe(303);
    expect((await stored(a.id)).foundInstitutionIds).toEqual([ids.planetariumEn]);
  });

  it('links the first mention by alias on the article page, escaping hostile alias text', async () => {
    const hostile = await call('publisher', 'POST', '/api/v1/institutions', { lang: 'en', name: 'Hostile Institute', aliases: ['<b>Evil</b> & "co"'], profile: doc('A profile.') });
    const hid = hostile.json().id;
    for (const to of ['in_review', 'approved', 'published']) await call('publisher', 'POST', `/api/v1/institutions/${hid}/transitions`, { to });
    const a = await article('en', 'Comets', 'The Planetarium opened late; the Planetarium was full.', 'Guests of <b>Evil</b> & "co" came too.');
    expect(a.institutionIds).toEqual([ids.planetariumEn, hid]);
    await publish(a.id);
    const page = await t.app.inject(`/en/news/${a.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<p><a href="/en/institutions/beijing-planetarium">The Planetarium</a> opened late; the Planetarium was full.</p>');
    expect(page.body).toContain('Guests of <a href="/en/institutions/hostile-institute">&lt;b>Evil&lt;/b> &amp; &quot;co&quot;</a> came too.');
    expect(page.body).not.toContain('<b>Evil</b>');

    // A new alias gives the institution a new revision: the article page is rendered again with it.
    const acad = await call('publisher', 'POST', `/api/v1/articles`, { lang: 'en', title: 'Academy news', body: doc('The Academy met; BJAST spoke.'), institutionIds: [ids.academyEn] });
    await publish(acad.json().id);
    const before = await t.app.inject(`/en/news/${acad.json().slug}`);
    expect(before.body).toContain('The Academy met; <a href="/en/institutions/beijing-academy-of-science-and-technology">BJAST</a> spoke.');
    const current = (await t.services.institutionsWorkflow.get(publisher, ids.academyEn)).revision;
    expect((await call('publisher', 'PATCH', `/api/v1/institutions/${ids.academyEn}`, { revision: current, aliases: ['BJAST', 'the Academy'] })).statusCode).toBe(200);
    const after = await t.app.inject(`/en/news/${acad.json().slug}`);
    expect(after.body).toContain('<a href="/en/institutions/beijing-academy-of-science-and-technology">The Academy</a> met; BJAST spoke.');
  });

  it('looks at articles again when an institution gains or loses a name, is published or unpublished; editors\' removals stand', async () => {
    const hall = await call('publisher', 'POST', '/api/v1/institutions', { lang: 'zh', name: '北京科学中心', aliases: [], profile: doc('科学中心。') });
    const hallId = hall.json().id as number;
    // Articles written before the institution is published, or before it has the name they use.
    const byName = await article('zh', '开幕', '北京科学中心今天开幕。');
    const byAlias = await article('zh', '展览', '科学中心推出新展览。');
    const removed = await article('zh', '讲座', '科学中心举办讲座。');
    const unrelated = await article('zh', '其他', '湿地公园。');
    expect(byName.institutionIds).toEqual([]);
    for (const to of ['in_review', 'approved', 'published']) expect((await call('publisher', 'POST', `/api/v1/institutions/${hallId}/transitions`, { to })).statusCode).toBe(200);
    expect((await stored(byName.id)).institutionIds).toEqual([hallId]);
    expect((await stored(byAlias.id)).institutionIds).toEqual([]);

    // An editor removes the link of one article (before the alias exists it has none: keep the
    // removal by saving with the institution left out once it is found).
    let revision = (await t.services.institutionsWorkflow.get(publisher, hallId)).revision;
    expect((await call('publisher', 'PATCH', `/api/v1/institutions/${hallId}`, { revision, aliases: ['科学中心'] })).statusCode).toBe(200);
    expect((await stored(byAlias.id)).institutionIds).toEqual([hallId]);
    expect((await stored(removed.id)).institutionIds).toEqual([hallId]);
    expect((await stored(unrelated.id)).institutionIds).toEqual([]);
    const r = await stored(removed.id);
    expect((await call('contributor', 'PATCH', `/api/v1/articles/${removed.id}`, { revision: r.revision, institutionIds: [] })).statusCode).toBe(200);
    expect((await stored(removed.id)).institutionIds).toEqual([]);

    // The alias goes: the articles that had only it lose their link; the removal still stands
    // when the alias comes back.
    revision = (await t.services.institutionsWorkflow.get(publisher, hallId)).revision;
    expect((await call('publisher', 'PATCH', `/api/v1/institutions/${hallId}`, { revision, aliases: [] })).statusCode).toBe(200);
    expect((await stored(byAlias.id)).institutionIds).toEqual([]);
    expect((await stored(byName.id)).institutionIds).toEqual([hallId]);
    revision = (await t.services.institutionsWorkflow.get(publisher, hallId)).revision;
    expect((await call('publisher', 'PATCH', `/api/v1/institutions/${hallId}`, { revision, aliases: ['科学中心'] })).statusCode).toBe(200);
    expect((await stored(byAlias.id)).institutionIds).toEqual([hallId]);
    expect((await stored(removed.id)).institutionIds).toEqual([]);

    // Unpublished, it links nothing; an editor's own link stays.
    const chosen = await call('contributor', 'POST', '/api/v1/articles', { lang: 'zh', title: '选定', body: doc('无关的文字。'), institutionIds: [hallId] });
    expect((await call('publisher', 'POST', `/api/v1/institutions/${hallId}/transitions`, { to: 'unpublished' })).statusCode).toBe(200);
    expect((await stored(byName.id)).institutionIds).toEqual([]);
    expect((await stored(byAlias.id)).institutionIds).toEqual([]);
    expect((await stored(chosen.json().id)).institutionIds).toEqual([hallId]);
  });

  it('finds a new institution in a published article where formatting cuts its name in two', async () => {
    const body = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '今天参观了北京' }, { type: 'text', text: '科技馆', marks: [{ type: 'bold' }] }, { type: 'text', text: '。' }] }] };
    const res = await call('contributor', 'POST', '/api/v1/articles', { lang: 'zh', title: '参观', body });
    expect(res.statusCode).toBe(201);
    const a = res.json() as { id: number };
    await publish(a.id);
    const museum = await call('publisher', 'POST', '/api/v1/institutions', { lang: 'zh', name: '北京科技馆', aliases: [], profile: doc('科技馆。') });
    for (const to of ['in_review', 'approved', 'published']) await call('publisher', 'POST', `/api/v1/institutions/${museum.json().id}/transitions`, { to });
    expect((await stored(a.id)).institutionIds).toEqual([museum.json().id]);
  });

  it('finds a Latin name in any letter case when it is added, and not inside a longer word', async () => {
    const body = (text: string) => article('en', 'Visit', text);
    const a = await body('We went to the SCIENCE HALL today.');
    const b = await body('The sciencehallway was closed.');
    const current = (await t.services.institutionsWorkflow.get(publisher, ids.academyEn)).revision;
    expect((await call('publisher', 'PATCH', `/api/v1/institutions/${ids.academyEn}`, { revision: current, aliases: ['BJAST', 'Science Hall'] })).statusCode).toBe(200);
    expect((await stored(a.id)).institutionIds).toEqual([ids.academyEn]);
    expect((await stored(b.id)).institutionIds).toEqual([]);
  });

  it('checks aliases for sensitive terms like the rest of an institution\'s text', async () => {
    await t.services.auth.addUser({ name: 'admin', role: 'administrator', password: TEST_PASSWORD, locale: 'en' });
    await t.services.terms.add({ id: 3, name: 'admin', role: 'administrator', locale: 'en' }, 'forbidden alias', null);
    const current = await t.services.institutionsWorkflow.get(publisher, ids.academyEn);
    const res = await call('publisher', 'PATCH', `/api/v1/institutions/${ids.academyEn}`, { revision: current.revision, aliases: ['BJAST', 'the forbidden alias'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('SENSITIVE_TERMS_FOUND');
    expect((await t.services.institutionsWorkflow.get(publisher, ids.academyEn)).aliases).toEqual(['BJAST']);
  });
});

// Pages and institutions are paired with their other-language version as articles are, on every
// store: through the workflow, the write API and the workspace's form (CSRF and all); the public
// language switch and hreflang alternates then follow the pair.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.js';
import type { Actor } from '../../src/people/index.js';
import type { Lang } from '../../src/shared/lang.js';
import type { WorkflowItem } from '../../src/workflow/index.js';
import { apiCallers, BASE_URL, browserFor, testApp, TEST_PASSWORD } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

type Item = WorkflowItem & { translationGroup: number | null };
interface PairingWorkflow {
  create(a: Actor, input: object): Promise<Item>;
  update(a: Actor, id: number, patch: object, basedOn: number): Promise<Item>;
  get(a: Actor, id: number): Promise<Item>;
  transition(a: Actor, id: number, input: { to: string }): Promise<Item>;
  otherVersion(item: Item): Promise<Item | undefined>;
  list(a: Actor, filter: { q?: string }, req: { offset: number; limit: number }): Promise<{ total: number }>;
}
interface Kind {
  kind: 'page' | 'institution';
  /** The write API's and the workspace's path. */
  api: string;
  admin: string;
  wf(s: Services): PairingWorkflow;
  /** A new item's fields in the workflow and the API (the JSON document as the API takes it). */
  draft(lang: Lang, title: string): object;
  /** The same as the workspace's form sends it. */
  form(lang: Lang, title: string): Record<string, string>;
  publicPath(lang: Lang, slug: string): string;
}

const KINDS: Kind[] = [
  {
    kind: 'page',
    api: '/api/v1/pages',
    admin: '/admin/pages',
    wf: (s) => s.pagesWorkflow as unknown as PairingWorkflow,
    draft: (lang, title) => ({ lang, title, body: doc(`Text of ${title}.`) }),
    form: (lang, title) => ({ lang, title, summary: '', bodyText: `Text of ${title}.`, format: 'text' }),
    publicPath: (lang, slug) => `/${lang}/${slug}`,
  },
  {
    kind: 'institution',
    api: '/api/v1/institutions',
    admin: '/admin/institutions',
    wf: (s) => s.institutionsWorkflow as unknown as PairingWorkflow,
    draft: (lang, name) => ({ lang, name, profile: doc(`Profile of ${name}.`) }),
    form: (lang, name) => ({ lang, title: name, bodyText: `Profile of ${name}.`, format: 'text' }),
    publicPath: (lang, slug) => `/${lang}/institutions/${slug}`,
  },
];

const publisher: Actor = { id: 1, name: 'publisher', role: 'publisher', locale: 'en' };

describe.each(testDialects())('pairing translations on %s', (dialect) => {
  describe.each(KINDS)('$kind', (k) => {
    let t: Awaited<ReturnType<typeof testApp>>;
    let call: Awaited<ReturnType<typeof apiCallers>>;
    beforeEach(async () => {
      t = await testApp(dialect);
      // The publisher is account 1, as `publisher` above says.
      call = await apiCallers(t, ['publisher', 'contributor']);
    });
    afterEach(() => t.close());

    const wf = () => k.wf(t.services);
    const create = (lang: Lang, title: string, extra: object = {}) => wf().create(publisher, { ...k.draft(lang, title), ...extra });
    const groupOf = async (id: number) => (await wf().get(publisher, id)).translationGroup;
    const publish = async (id: number) => {
      for (const to of ['in_review', 'approved', 'published']) await wf().transition(publisher, id, { to });
    };

    it('pairs, moves and unpairs through the workflow, refusing what cannot be a translation', async () => {
      const zh = await create('zh', '概况');
      const en = await create('en', 'About', { translationOf: zh.id });
      expect(en.translationGroup).not.toBeNull();
      expect(await groupOf(zh.id)).toBe(en.translationGroup);
      expect((await wf().otherVersion(await wf().get(publisher, zh.id)))?.id).toBe(en.id);

      // Same language, or no such item: TRANSLATION_INVALID naming the field.
      await expect(create('en', 'Same language', { translationOf: en.id })).rejects.toMatchObject({ code: 'TRANSLATION_INVALID', extra: { details: { field: 'translationOf' } } });
      await expect(create('en', 'Nothing there', { translationOf: 999_999 })).rejects.toMatchObject({ code: 'TRANSLATION_INVALID' });
      // Nothing of a refused save is written.
      expect((await wf().list(publisher, { q: 'same language' }, { offset: 0, limit: 10 })).total).toBe(0);

      // zh is paired in English already: another English item may not take it.
      const second = await create('en', 'Second English');
      await expect(wf().update(publisher, second.id, { translationOf: zh.id }, second.revision)).rejects.toMatchObject({ code: 'TRANSLATION_TAKEN', extra: { details: { field: 'translationOf' } } });
      expect(await groupOf(second.id)).toBeNull();

      // Re-pairing moves the item out of its old pair: the old partner is alone again.
      const zh2 = await create('zh', '新概况');
      const moved = await wf().update(publisher, en.id, { translationOf: zh2.id }, en.revision);
      expect(await groupOf(zh2.id)).toBe(moved.translationGroup);
      expect(await groupOf(zh.id)).toBeNull();
      expect(await wf().otherVersion(await wf().get(publisher, zh.id))).toBeUndefined();
      // ...so that it may be paired again, with the item that was refused before.
      const paired = await wf().update(publisher, second.id, { translationOf: zh.id }, second.revision);
      expect(await groupOf(zh.id)).toBe(paired.translationGroup);
      expect(paired.translationGroup).not.toBe(moved.translationGroup);

      // null unpairs both sides; the item it left may start a new pair under its own number.
      const unpaired = await wf().update(publisher, moved.id, { translationOf: null }, moved.revision);
      expect(unpaired.translationGroup).toBeNull();
      expect(await groupOf(zh2.id)).toBeNull();
      const third = await create('en', 'Third English', { translationOf: zh2.id });
      expect(await groupOf(zh2.id)).toBe(third.translationGroup);
      expect(await groupOf(en.id)).toBeNull();
    });

    it('pairs through the write API, with 400s naming the field, and the public switch and alternates follow', async () => {
      const zh = await call('publisher', 'POST', k.api, k.draft('zh', '北京天文馆'));
      expect(zh.statusCode).toBe(201);
      const en = await call('publisher', 'POST', k.api, { ...k.draft('en', 'Beijing Planetarium'), translationOf: zh.json().id });
      expect(en.statusCode).toBe(201);
      expect(en.json().translationGroup).toEqual(expect.any(Number));

      const same = await call('publisher', 'POST', k.api, { ...k.draft('en', 'Another'), translationOf: en.json().id });
      expect(same.statusCode).toBe(400);
      expect(same.json().error).toMatchObject({ code: 'TRANSLATION_INVALID', details: { field: 'translationOf' } });
      const other = (await call('publisher', 'POST', k.api, k.draft('en', 'Second English'))).json();
      const taken = await call('publisher', 'PATCH', `${k.api}/${other.id}`, { revision: other.revision, translationOf: zh.json().id });
      expect(taken.statusCode).toBe(400);
      expect(taken.json().error).toMatchObject({ code: 'TRANSLATION_TAKEN', details: { field: 'translationOf' } });
      const wrongType = await call('publisher', 'PATCH', `${k.api}/${other.id}`, { revision: other.revision, translationOf: 'one' });
      expect(wrongType.statusCode).toBe(400);
      expect(JSON.stringify(wrongType.json())).toContain('translationOf');

      for (const item of [zh.json(), en.json()]) await publish(item.id);
      const zhPath = k.publicPath('zh', zh.json().slug);
      const enPath = k.publicPath('en', en.json().slug);
      const zhPage = await t.app.inject(zhPath);
      expect(zhPage.statusCode).toBe(200);
      expect(zhPage.body).toContain(`class="lang-switch" href="${enPath}"`);
      expect(zhPage.body).toContain(`<link rel="alternate" hreflang="en" href="${BASE_URL}${enPath}"/>`);
      const enPage = await t.app.inject(enPath);
      expect(enPage.body).toContain(`class="lang-switch" href="${zhPath}"`);
      expect(enPage.body).toMatch(new RegExp(`<link rel="alternate" hreflang="zh[^"]*" href="${BASE_URL}${zhPath}"/>`));

      // Unpairing a published item reaches the cached public pages at once, on both sides.
      const current = await wf().get(publisher, en.json().id);
      const unlinked = await call('publisher', 'PATCH', `${k.api}/${current.id}`, { revision: current.revision, translationOf: null });
      expect(unlinked.statusCode).toBe(200);
      expect(unlinked.json().translationGroup).toBeNull();
      expect((await t.app.inject(enPath)).body).toContain('class="lang-switch" href="/zh/#no-translation"');
      const zhAfter = await t.app.inject(zhPath);
      expect(zhAfter.body).toContain('class="lang-switch" href="/en/#no-translation"');
      expect(zhAfter.body).not.toContain('<link rel="alternate" hreflang="en"');
    });

    it('pairs from the workspace form, shows the linked item, and refuses a bad number or a missing CSRF token', async () => {
      await t.services.auth.addUser({ name: 'editor', role: 'editor', password: TEST_PASSWORD, locale: 'en' });
      const zh = await create('zh', '北京天文馆');
      const editor = await browserFor(t, 'editor');
      const blank = await editor.get(`${k.admin}/new`);
      expect(blank.body).toContain('<label for="translationOf">Version in the other language');
      expect(blank.body).toContain('id="translation-hint"');

      const created = await editor.post(k.admin, { ...k.form('en', 'Beijing Planetarium'), translationOf: String(zh.id) });
      expect(created.statusCode).toBe(303);
      const id = Number(created.headers.location!.match(/\/(\d+)\?/)![1]);
      expect(await groupOf(id)).toBe(await groupOf(zh.id));
      // The editor shows the pair's number and the linked item, with a way to its editor.
      const page = await editor.get(`${k.admin}/${id}`);
      expect(page.body).toContain(`<input id="translationOf" name="translationOf" class="input-number" inputmode="numeric" pattern="[0-9]*" maxlength="10" value="${zh.id}"`);
      expect(page.body).toContain(`<a href="${k.admin}/${zh.id}">Now linked to: 北京天文馆</a>`);
      expect(page.body).toContain(`No. ${id}`);
      // And from the other side.
      expect((await editor.get(`${k.admin}/${zh.id}`)).body).toContain(`<a href="${k.admin}/${id}">Now linked to: Beijing Planetarium</a>`);

      // A number that is not one, or an item of the same language: refused, naming the problem, keeping what was typed.
      const item = await wf().get(publisher, id);
      const save = (translationOf: string) => editor.post(`${k.admin}/${id}`, { ...k.form('en', 'Beijing Planetarium'), revision: String(item.revision), translationOf });
      const notNumber = await save('12a');
      expect(notNumber.statusCode).toBe(400);
      expect(notNumber.body).toContain('Give the number of an item of the same kind');
      expect(notNumber.body).toContain('value="12a"');
      const sameLang = await save(String(id));
      expect(sameLang.statusCode).toBe(400);
      expect(sameLang.body).toContain('role="alert">Give the number of an item of the same kind');
      expect(await groupOf(id)).toBe(await groupOf(zh.id));

      // Without the CSRF token nothing is saved.
      const forged = await t.app.inject({
        method: 'POST',
        url: `${k.admin}/${id}`,
        headers: { cookie: editor.cookie(), origin: BASE_URL, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...k.form('en', 'Beijing Planetarium'), revision: String(item.revision), translationOf: '' }).toString(),
      });
      expect(forged.statusCode).toBe(403);
      expect(await groupOf(id)).not.toBeNull();

      // An empty field unpairs.
      expect((await save('')).statusCode).toBe(303);
      expect(await groupOf(id)).toBeNull();
      expect(await groupOf(zh.id)).toBeNull();
    });
  });
});

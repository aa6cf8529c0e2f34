// Revisions in the workspace: compare two, restore one as a new revision; previews of drafts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/people/index.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import type { Clock } from '../../src/shared/clock.js';
import { testApp } from '../helpers/app.js';
import { testDialects, TEST_NOW } from '../helpers/store.js';

describe.each(testDialects())('revisions and previews on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let now = Date.parse(TEST_NOW);
  const clock: Clock = { now: () => new Date(now) };
  let publisher: Actor;
  beforeEach(async () => {
    now = Date.parse(TEST_NOW);
    t = await testApp(dialect, { clock });
    const u = await t.services.auth.addUser({ name: 'pat', role: 'publisher', password: 'correct horse battery staple' });
    publisher = { id: u.id, name: u.name, role: u.role, locale: u.locale };
  });
  afterEach(() => t.close());

  it('compares two revisions by field and word, and restores an old one as a new revision', async () => {
    const wf = t.services.newsWorkflow;
    const a = await wf.create(publisher, { lang: 'en', title: 'First title', body: docFromParagraphs(['Opened in 1957.']) });
    await wf.update(publisher, a.id, { title: 'Second title', body: docFromParagraphs(['Reopened in 2004.']) }, 1);
    const cmp = await wf.compare(publisher, a.id, 1, 2);
    expect(cmp.fields).toEqual([{ field: 'title', from: 'First title', to: 'Second title' }]);
    expect(cmp.body.filter((p) => p.op !== 'same').map((p) => p.text)).toEqual(['Opened', 'Reopened', '1957', '2004']);
    const restored = await wf.restore(publisher, a.id, 1, 2);
    expect(restored).toMatchObject({ revision: 3, title: 'First title' });
    expect((await wf.revisions(publisher, a.id)).map((r) => r.revision)).toEqual([3, 2, 1]);
    await expect(wf.restore(publisher, a.id, 1, 2)).rejects.toMatchObject({ code: 'ARTICLE_REVISION_STALE' });
    await expect(wf.compare(publisher, a.id, 1, 9)).rejects.toMatchObject({ code: 'REVISION_NOT_FOUND' });
  });

  it('shares a draft through a preview link that renders the public page and expires', async () => {
    const wf = t.services.newsWorkflow;
    const a = await wf.create(publisher, { lang: 'en', title: 'Not yet public', body: docFromParagraphs(['Draft text.']) });
    expect((await t.app.inject(`/en/news/${a.slug}`)).statusCode).toBe(404);
    const { token } = await wf.createPreviewLink(publisher, a.id, 24);
    const preview = await t.app.inject(`/preview/${token}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('<h1>Not yet public</h1>');
    expect(preview.body).toContain('<p>Draft text.</p>');
    expect(preview.headers['x-robots-tag']).toContain('noindex');
    // Another token: its last character changed (to one it is not already).
    expect((await t.app.inject(`/preview/${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`)).statusCode).toBe(404);
    now += 25 * 3600_000;
    expect((await t.app.inject(`/preview/${token}`)).statusCode).toBe(404);
  });
});

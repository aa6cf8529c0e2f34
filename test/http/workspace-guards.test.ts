// Guards found in review: what a save, a restore or a decision may not do behind someone's back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/people/index.js';
import { docFromHtml, docFromParagraphs, docFromParagraphText, docToParagraphs } from '../../src/richtext/index.js';
import { testApp } from '../helpers/app.js';
import { testDialects } from '../helpers/store.js';

describe('links and typed text', () => {
  it('drops links that browsers would send off-site after removing tabs or newlines', () => {
    const doc = docFromHtml('<p><a href="/&#9;/evil.example">a</a> <a href="/\n/evil">b</a> <a href="/zh/about">c</a></p>');
    expect(JSON.stringify(doc)).not.toContain('evil');
    expect(JSON.stringify(doc)).toContain('"href":"/zh/about"');
  });
  it('keeps typed text that looks like a tag as text, paragraph by paragraph', () => {
    expect(docToParagraphs(docFromParagraphText('If a<b and c>d\n\n网页用 <p> 标签'))).toEqual(['If a<b and c>d', '网页用 <p> 标签']);
  });
});

describe.each(testDialects())('workspace guards on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const actors = {} as Record<Role, Actor>;
  beforeEach(async () => {
    t = await testApp(dialect);
    for (const role of ['editor', 'publisher', 'administrator'] as const) {
      const u = await t.services.auth.addUser({ name: role, role, password: 'correct horse battery staple' });
      actors[role] = { id: u.id, name: u.name, role: u.role, locale: u.locale };
    }
  });
  afterEach(() => t.close());

  async function published(title: string) {
    const wf = t.services.newsWorkflow;
    const a = await wf.create(actors.publisher, { lang: 'en', title, body: docFromParagraphs(['First text.']) });
    for (const to of ['in_review', 'approved', 'published'] as const) await wf.transition(actors.publisher, a.id, { to });
    return (await wf.get(actors.publisher, a.id))!;
  }

  it('refuses a decision about a revision that is no longer the newest', async () => {
    const wf = t.services.newsWorkflow;
    const a = await wf.create(actors.editor, { lang: 'en', title: 'Under review', body: docFromParagraphs(['Seen text.']) });
    await wf.transition(actors.editor, a.id, { to: 'in_review' });
    await wf.update(actors.editor, a.id, { body: docFromParagraphs(['Changed after the publisher looked.']) }, 1);
    await expect(wf.transition(actors.publisher, a.id, { to: 'approved', revision: 1 })).rejects.toMatchObject({ code: 'ARTICLE_REVISION_STALE' });
    expect((await wf.transition(actors.publisher, a.id, { to: 'approved', revision: 2 })).status).toBe('approved');
  });

  it('checks sensitive terms again when public text is edited', async () => {
    await t.services.terms.add(actors.administrator, 'forbidden phrase', 'allowed phrase');
    const a = await published('Live story');
    const wf = t.services.newsWorkflow;
    const edit = { body: docFromParagraphs(['Now with a forbidden phrase.']) };
    await expect(wf.update(actors.publisher, a.id, edit, a.revision)).rejects.toMatchObject({ code: 'SENSITIVE_TERMS_FOUND' });
    const saved = await wf.update(actors.publisher, a.id, edit, a.revision, { overrideTerms: 'a quotation' });
    expect(saved.revision).toBe(a.revision + 1);
    expect((await t.services.auth.listAudit({ action: 'article.override_terms', limit: 1, offset: 0 }))[0]?.comment).toContain('a quotation');
  });

  it('restores the text of an old revision but keeps the address and the date', async () => {
    const a = await published('Original title');
    const wf = t.services.newsWorkflow;
    const renamed = await wf.update(actors.publisher, a.id, { title: 'New title', slug: 'new-title' }, a.revision);
    const restored = await wf.restore(actors.publisher, a.id, 1, renamed.revision);
    expect(restored).toMatchObject({ title: 'Original title', slug: 'new-title', publishedAt: a.publishedAt, status: 'published' });
    expect((await t.app.inject('/en/news/new-title')).statusCode).toBe(200);
  });

  it('throttles unknown account names like real ones, so the answers do not tell them apart', async () => {
    const attempt = (name: string): Promise<string> =>
      t.services.auth.login({ name, password: 'wrong password here', clientAddress: `10.0.0.${name.length}` }).then(
        () => 'SIGNED_IN',
        (e: { code: string }) => e.code,
      );
    const real: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < 6; i++) {
      real.push(await attempt('editor'));
      unknown.push(await attempt('nobody'));
    }
    expect(unknown).toEqual(real);
    expect(real.at(-1)).toBe('LOGIN_THROTTLED');
  });
});

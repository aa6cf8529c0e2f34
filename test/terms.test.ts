// Sensitive terms (错敏词): administrators keep the list; a term in any text field blocks review and
// publication; a publisher may go ahead with a reason, which the audit log keeps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../src/app/services.js';
import type { Store } from '../src/db/index.js';
import type { Actor, Role } from '../src/people/index.js';
import { docFromParagraphs } from '../src/richtext/index.js';
import { findTerms } from '../src/terms/index.js';
import { freshServices, testDialects } from './helpers/store.js';

describe('finding terms', () => {
  it('finds terms whatever their width or letter case, with the field and some context', () => {
    const terms = [{ id: 1, term: '首都经济圈', replacement: '京津冀地区' }, { id: 2, term: 'BJAST', replacement: null }];
    const matches = findTerms(terms, { title: '关于首都经济圈的报告', body: 'The ＢＪＡＳＴ team and the bjast lab.' });
    expect(matches.map((m) => [m.field, m.term])).toEqual([['title', '首都经济圈'], ['body', 'BJAST'], ['body', 'BJAST']]);
    expect(matches[0]).toMatchObject({ replacement: '京津冀地区', context: { before: '关于', match: '首都经济圈', after: '的报告' } });
    expect(findTerms(terms, { title: '北京天文馆' })).toEqual([]);
  });
});

describe.each(testDialects())('sensitive terms on %s', (dialect) => {
  let store: Store;
  let services: Services;
  const actors = {} as Record<Role, Actor>;
  beforeEach(async () => {
    ({ store, services } = await freshServices(dialect));
    for (const role of ['contributor', 'editor', 'publisher', 'administrator'] as const) {
      const u = await services.auth.addUser({ name: role, role, password: 'correct horse battery staple' });
      actors[role] = { id: u.id, name: u.name, role: u.role, locale: u.locale };
    }
  });
  afterEach(() => store.close());

  it('lets only administrators keep the list', async () => {
    await expect(services.terms.add(actors.publisher, '错词', null)).rejects.toMatchObject({ code: 'ROLE_FORBIDDEN' });
    await services.terms.add(actors.administrator, '错词', '正词');
    await expect(services.terms.add(actors.administrator, ' 错词 ', null)).rejects.toMatchObject({ code: 'TERM_EXISTS' });
    const [term] = await services.terms.list();
    expect(term).toMatchObject({ term: '错词', replacement: '正词' });
    await services.terms.remove(actors.administrator, term!.id);
    expect(await services.terms.list()).toEqual([]);
  });

  it('blocks submission until the term is gone; a publisher may go ahead with a reason', async () => {
    await services.terms.add(actors.administrator, '错词', '正词');
    const wf = services.newsWorkflow;
    const a = await wf.create(actors.contributor, { lang: 'zh', title: '新闻标题', summary: '摘要里有错词', body: docFromParagraphs(['正文。']) });
    await expect(wf.transition(actors.editor, a.id, { to: 'in_review' })).rejects.toMatchObject({
      code: 'SENSITIVE_TERMS_FOUND',
      extra: { details: { matches: [expect.objectContaining({ field: 'summary', term: '错词', replacement: '正词' })] } },
    });
    // An editor's reason is not enough.
    await expect(wf.transition(actors.editor, a.id, { to: 'in_review', overrideTerms: 'quoted from a document' })).rejects.toMatchObject({ code: 'SENSITIVE_TERMS_FOUND' });
    const moved = await wf.transition(actors.publisher, a.id, { to: 'in_review', overrideTerms: '引用原文，不可改动' });
    expect(moved.status).toBe('in_review');
    const [entry] = await services.auth.listAudit({ action: 'article.override_terms', limit: 5, offset: 0 });
    expect(entry).toMatchObject({ actorName: 'publisher', entityId: a.id });
    expect(entry!.comment).toContain('引用原文，不可改动');

    const b = await wf.create(actors.contributor, { lang: 'zh', title: '另一篇', body: docFromParagraphs(['正文里也有错词。']) });
    const fixed = await wf.update(actors.contributor, b.id, { body: docFromParagraphs(['正文里有正词。']) }, 1);
    expect((await wf.transition(actors.editor, fixed.id, { to: 'in_review' })).status).toBe('in_review');
  });
});

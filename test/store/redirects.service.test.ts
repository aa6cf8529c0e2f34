// The redirects service on every store: what an old or removed address answers, chains flattened
// and loops refused, the targets and addresses editors may write, and who may write them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import type { Actor, Role } from '../../src/people/index.js';
import { freshServices, testDialects } from '../helpers/store.js';

const PASSWORD = 'Quiet-Orchard-Lantern-58';
const notLive = async () => false;

describe.each(testDialects())('redirects on %s', (dialect) => {
  let store: Store;
  let services: Services;
  let editor: Actor;
  const actor = async (name: string, role: Role): Promise<Actor> => {
    const u = await services.auth.addUser({ name, role, password: PASSWORD });
    return { id: u.id, name: u.name, role: u.role, locale: u.locale };
  };
  beforeEach(async () => {
    ({ store, services } = await freshServices(dialect));
    editor = await actor('editor', 'editor');
  });
  afterEach(() => store.close());
  const r = () => services.redirects;

  it('answers an old address in any letter case, without its query, and nothing for the rest', async () => {
    await r().fromLegacy('/Html/Article/20200409/123.html', '/en/news/open-day');
    for (const path of ['/Html/Article/20200409/123.html', '/HTML/article/20200409/123.HTML', '/Html/./Article/20200409/123.html', '/Html/Article/20200409/123.html?from=home'])
      expect(await r().answerFor(path), path).toEqual({ status: 301, location: '/en/news/open-day' });
    expect(await r().answerFor('/Html/Article/20200409/124.html')).toBeUndefined();
    for (const odd of ['', 'Html/x.html', '//evil.example/x', '/a\u0000b', `/${'a'.repeat(2000)}`]) expect(await r().answerFor(odd), odd).toBeUndefined();
  });

  it('keeps non-ASCII addresses as browsers send them, percent-encoded', async () => {
    await r().create(editor, { from: '/旧版/关于.html', to: '/zh/about', status: 301 }, notLive);
    expect(await r().answerFor('/%E6%97%A7%E7%89%88/%E5%85%B3%E4%BA%8E.html')).toEqual({ status: 301, location: '/zh/about' });
    expect(await r().answerFor('/%e6%97%a7%e7%89%88/%e5%85%b3%e4%ba%8e.html')).toEqual({ status: 301, location: '/zh/about' });
    // Found on the screen as typed, too.
    expect((await r().page(editor, { q: '关于' }, { offset: 0, limit: 5 })).items.map((i) => i.path)).toEqual(['/%e6%97%a7%e7%89%88/%e5%85%b3%e4%ba%8e.html']);
  });

  it('flattens chains both ways: every redirect is one hop', async () => {
    await r().create(editor, { from: '/b.html', to: '/en/news/c', status: 301 }, notLive);
    // A → B, B → C: A leads to C.
    await r().create(editor, { from: '/a.html', to: '/B.html', status: 302 }, notLive);
    expect(await r().answerFor('/a.html')).toEqual({ status: 302, location: '/en/news/c' });
    // X → Y first, then Y → Z: X leads to Z.
    await r().create(editor, { from: '/x.html', to: '/y.html', status: 301 }, notLive);
    await r().create(editor, { from: '/y.html', to: 'https://example.org/z?q=1', status: 301 }, notLive);
    expect(await r().answerFor('/x.html')).toEqual({ status: 301, location: 'https://example.org/z?q=1' });
    expect(await r().listAll()).toEqual([
      { from: '/a.html', to: '/en/news/c', status: 302 },
      { from: '/b.html', to: '/en/news/c', status: 301 },
      { from: '/x.html', to: 'https://example.org/z?q=1', status: 301 },
      { from: '/y.html', to: 'https://example.org/z?q=1', status: 301 },
    ]);
  });

  it('refuses loops, and writes nothing then', async () => {
    await r().create(editor, { from: '/a.html', to: '/b.html', status: 301 }, notLive);
    await expect(r().create(editor, { from: '/b.html', to: '/A.html', status: 301 }, notLive)).rejects.toMatchObject({ code: 'REDIRECT_LOOP', extra: { details: { field: 'to' } } });
    await expect(r().create(editor, { from: '/c.html', to: '/c.html?x=1', status: 301 }, notLive)).rejects.toMatchObject({ code: 'REDIRECT_LOOP' });
    expect(await r().listAll()).toEqual([{ from: '/a.html', to: '/b.html', status: 301 }]);
  });

  it('takes targets on this site or http(s) addresses only', async () => {
    for (const to of ['javascript:alert(1)', 'JavaScript:alert(1)', '//evil.example/x', '/\\evil.example/x', '\\\\evil.example', 'data:text/html,x', 'ftp://example.org/', 'en/news/x', 'https://user:pw@example.org/', '', '   '])
      await expect(r().create(editor, { from: '/t.html', to, status: 301 }, notLive), to).rejects.toMatchObject({ code: 'REDIRECT_TARGET_INVALID', extra: { details: { field: 'to' } } });
    const ok = await r().create(editor, { from: '/t.html', to: ' /zh/news/北京 ', status: 301 }, notLive);
    expect(ok.to).toBe('/zh/news/%E5%8C%97%E4%BA%AC');
    await expect(r().create(editor, { from: '/u.html', to: '/en/', status: 307 }, notLive)).rejects.toMatchObject({ code: 'REDIRECT_STATUS_INVALID', extra: { details: { field: 'status' } } });
  });

  it('refuses addresses the site answers itself, live pages, and addresses taken', async () => {
    for (const from of ['/admin', '/admin/users', '/API/v1/articles', '/media/x.png', '/assets/site.css', '/preview/abc', '/display', '/', '/en', '/zh/news'])
      await expect(r().create(editor, { from, to: '/en/', status: 301 }, notLive), from).rejects.toMatchObject({ code: 'REDIRECT_FROM_RESERVED', extra: { details: { field: 'from' } } });
    for (const from of ['html/x.html', '//host/x', 'https://www.bjast.ac.cn/x.html', ''])
      await expect(r().create(editor, { from, to: '/en/', status: 301 }, notLive), from).rejects.toMatchObject({ code: 'REDIRECT_FROM_INVALID' });
    const live = async (key: string) => key === '/en/news/open-day';
    await expect(r().create(editor, { from: '/en/news/Open-Day', to: '/en/', status: 301 }, live)).rejects.toMatchObject({ code: 'REDIRECT_FROM_LIVE' });
    await r().create(editor, { from: '/Old.html', to: '/en/', status: 301 }, notLive);
    await expect(r().create(editor, { from: '/old.HTML', to: '/zh/', status: 410 }, notLive)).rejects.toMatchObject({ code: 'REDIRECT_EXISTS' });
  });

  it('lets editors mark an address gone, change what an address answers, and remove it, in the audit log', async () => {
    const gone = await r().create(editor, { from: '/Html/Closed.html', status: 410 }, notLive);
    expect(gone).toMatchObject({ path: '/html/closed.html', status: 410, to: null, source: 'editor' });
    expect(await r().answerFor('/Html/Closed.html')).toEqual({ status: 410 });
    expect(await r().listGone()).toEqual([{ path: '/html/closed.html' }]);

    await r().update(editor, { from: '/Html/Closed.html', to: '/en/institutions/', status: 302 });
    expect(await r().answerFor('/html/closed.html')).toEqual({ status: 302, location: '/en/institutions/' });
    expect(await r().listGone()).toEqual([]);
    await r().update(editor, { from: '/html/closed.html', status: 410 });
    expect(await r().listAll()).toEqual([]);
    await r().remove(editor, '/html/closed.html');
    expect(await r().answerFor('/html/closed.html')).toBeUndefined();
    await expect(r().remove(editor, '/html/closed.html')).rejects.toMatchObject({ code: 'REDIRECT_NOT_FOUND' });
    await expect(r().update(editor, { from: '/nothing.html', to: '/en/', status: 301 })).rejects.toMatchObject({ code: 'REDIRECT_NOT_FOUND' });

    const audit = await services.auth.listAudit({ limit: 10, offset: 0 });
    expect(audit.filter((a) => a.action.startsWith('redirect.')).map((a) => [a.action, a.actorName, a.comment])).toEqual([
      ['redirect.delete', 'editor', '/html/closed.html → gone (410)'],
      ['redirect.update', 'editor', '/html/closed.html → /en/institutions/ (302) ⇒ gone (410)'],
      ['redirect.update', 'editor', '/html/closed.html → gone (410) ⇒ /en/institutions/ (302)'],
      ['redirect.create', 'editor', '/html/closed.html → gone (410)'],
    ]);
  });

  it('lists redirects and gone addresses together, searched, filtered and a page at a time', async () => {
    for (let i = 1; i <= 12; i++) await r().create(editor, { from: `/Html/Page${String(i).padStart(2, '0')}.html`, to: `/en/news/story-${i}`, status: 301 }, notLive);
    await r().create(editor, { from: '/Html/Gone.html', status: 410 }, notLive);
    await r().left('/en/news/withdrawn', 'article');
    const first = await r().page(editor, {}, { offset: 0, limit: 5 });
    expect(first.total).toBe(14);
    expect(first.items.map((i) => i.path)).toEqual(['/en/news/withdrawn', '/html/gone.html', '/html/page01.html', '/html/page02.html', '/html/page03.html']);
    expect((await r().page(editor, { status: 410 }, { offset: 0, limit: 50 })).items.map((i) => [i.path, i.source])).toEqual([
      ['/en/news/withdrawn', 'article'],
      ['/html/gone.html', 'editor'],
    ]);
    expect((await r().page(editor, { q: 'STORY-1' }, { offset: 0, limit: 50 })).items.map((i) => i.to)).toEqual(['/en/news/story-1', '/en/news/story-10', '/en/news/story-11', '/en/news/story-12']);
    expect((await r().page(editor, { q: '100%_' }, { offset: 0, limit: 50 })).total).toBe(0);
  });

  it('is for editors and above', async () => {
    const contributor = await actor('writer', 'contributor');
    await expect(r().page(contributor, {}, { offset: 0, limit: 5 })).rejects.toMatchObject({ code: 'ROLE_FORBIDDEN' });
    await expect(r().create(contributor, { from: '/x.html', to: '/en/', status: 301 }, notLive)).rejects.toMatchObject({ code: 'ROLE_FORBIDDEN' });
    await expect(r().create(undefined, { from: '/x.html', to: '/en/', status: 301 }, notLive)).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
    expect(await r().listAll()).toEqual([]);
  });
});

// The media service against a real store: nothing half-written, uses that follow the bodies.
import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import type { Actor } from '../../src/people/index.js';
import * as fx from '../helpers/media.js';
import { freshServices, testDialects, TEST_POLICY } from '../helpers/store.js';

describe.each(testDialects())('media service on %s', (dialect) => {
  let store: Store;
  let services: Services;
  let dir: string;
  let media: Awaited<ReturnType<typeof fx.tempMedia>>;
  let editor: Actor;
  beforeEach(async () => {
    media = await fx.tempMedia();
    dir = media.dir;
    ({ store, services } = await freshServices(dialect, undefined, TEST_POLICY, media.settings));
    await services.auth.addUser({ name: 'editor', role: 'editor', password: 'correct horse battery staple' });
    editor = (await services.auth.actorForToken((await services.auth.createToken('editor')).token))!;
  });
  afterEach(async () => {
    await store.close();
    await media.remove();
  });

  it('removes the files it wrote when the rows cannot be written', async () => {
    // An actor the store does not know: the media row's foreign key refuses the insert.
    const ghost: Actor = { ...editor, id: 987654 };
    await expect(services.media.upload(ghost, { data: await fx.gif(), filename: 'a.gif', alt: 'x' })).rejects.toThrow();
    expect(await readdir(dir, { recursive: true }).then((all) => all.filter((f) => /\.\w+$/.test(f)))).toEqual([]);
    expect((await services.media.list(editor, {}, { offset: 0, limit: 10 })).total).toBe(0);
  });

  it('records the images of every saved article body, and nothing more', async () => {
    const a = await services.media.upload(editor, { data: await fx.gif(), filename: 'a.gif', alt: 'A' });
    const b = await services.media.upload(editor, { data: await fx.webp(), filename: 'b.webp', alt: 'B' });
    const image = (id: number) => ({ type: 'image' as const, attrs: { mediaId: id, alt: 'x' } });
    // Nested in a table and a list, twice: one use each.
    const body = {
      type: 'doc' as const,
      content: [
        { type: 'table' as const, content: [{ type: 'tableRow' as const, content: [{ type: 'tableCell' as const, content: [image(a.id)] }] }] },
        { type: 'bulletList' as const, content: [{ type: 'listItem' as const, content: [image(a.id), image(b.id)] }] },
      ],
    };
    const article = await services.newsWorkflow.create(editor, { lang: 'en', title: 'Two pictures', body });
    expect((await services.media.usesOf(a.id)).map((u) => [u.type, u.id, u.title, u.adminPath])).toEqual([['article', article.id, 'Two pictures', `/admin/articles/${article.id}`]]);
    expect(await services.media.usesOf(b.id)).toHaveLength(1);
    await services.newsWorkflow.update(editor, article.id, { body: { type: 'doc', content: [image(b.id)] } }, 1);
    expect(await services.media.usesOf(a.id)).toEqual([]);
    expect(await services.media.usesOf(b.id)).toHaveLength(1);
    // One query gives what the page needs for both.
    const renditions = await services.media.renditions([body, null]);
    expect([...renditions.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(renditions.get(a.id)).toMatchObject({ width: 200, height: 100, src: expect.stringMatching(/-200\.jpg$/) });
  });
});

// The content repositories on every store: same behaviour on SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/index.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import { articleInput } from '../helpers/app.js';
import { freshServices, testDialects, withSchemaLock } from '../helpers/store.js';

describe.each(testDialects())('content store on %s', (dialect) => {
  let store: Store;
  let services: Services;
  beforeEach(async () => {
    ({ store, services } = await freshServices(dialect));
  });
  afterEach(() => store.close());

  it('migrates idempotently and keeps the languages and the news channel', async () => {
    const again = await withSchemaLock(dialect, 'shared', () => migrateToLatest(store));
    expect(again.results).toEqual([]);
    const langs = await store.db.selectFrom('language').select(['code', 'is_default']).orderBy('position').execute();
    expect(langs.map((l) => [l.code, Number(l.is_default)])).toEqual([['zh', 1], ['en', 0]]);
    expect((await services.taxonomy.channelBySlug('news'))?.nameZh).toBe('新闻动态');
  });

  it('round-trips an article: rich text, dates, legacy fields', async () => {
    const body = { type: 'doc' as const, content: [{ type: 'heading' as const, attrs: { level: 2 as const }, content: [{ type: 'text' as const, text: '标题 & <b>' }] }] };
    const a = await services.news.create({ ...articleInput('zh', '北京天文馆新展', '2021-03-05T01:30:00.000Z'), body, legacyPrevTitle: '上一篇的标题' });
    const back = await services.news.getPublishedBySlug('zh', a.slug);
    expect(back).toMatchObject({ title: '北京天文馆新展', body, publishedAt: '2021-03-05T01:30:00.000Z', legacyPrevTitle: '上一篇的标题', revision: 1 });
    expect(a.slug).toBe('bei-jing-tian-wen-guan-xin-zhan');
  });

  it('keeps slugs unique per language, and the same slug may exist in both languages', async () => {
    const one = await services.news.create(articleInput('en', 'Same title', '2024-01-01T00:00:00.000Z'));
    const two = await services.news.create(articleInput('en', 'Same title', '2024-01-02T00:00:00.000Z'));
    const zh = await services.news.create({ ...articleInput('zh', 'Same title', '2024-01-02T00:00:00.000Z'), slug: 'same-title' });
    expect([one.slug, two.slug, zh.slug]).toEqual(['same-title', 'same-title-2', 'same-title']);
    await expect(services.news.create({ ...articleInput('en', 'Other', null), slug: 'same-title' })).rejects.toMatchObject({ code: 'ARTICLE_SLUG_TAKEN' });
    await expect(services.news.create({ ...articleInput('en', 'Other', null), slug: 'Not A Slug' })).rejects.toMatchObject({ code: 'ARTICLE_SLUG_INVALID' });
  });

  it('hides drafts and articles scheduled for later from visitors', async () => {
    await services.news.create({ ...articleInput('en', 'Draft', null), status: 'draft' });
    await services.news.create(articleInput('en', 'Tomorrow', '2099-01-01T00:00:00.000Z'));
    await services.news.create(articleInput('en', 'Today', '2024-01-01T00:00:00.000Z'));
    const { items, total } = await services.news.listPublished('en', { offset: 0, limit: 10 });
    expect(total).toBe(1);
    expect(items.map((a) => a.title)).toEqual(['Today']);
    await expect(services.news.getPublishedBySlug('en', 'draft')).rejects.toMatchObject({ code: 'ARTICLE_NOT_FOUND' });
  });

  it('computes neighbours in publication order, ties broken by creation, undated last', async () => {
    const a = await services.news.create(articleInput('en', 'A', '2024-01-01T00:00:00.000Z'));
    const b = await services.news.create(articleInput('en', 'B', '2024-01-02T00:00:00.000Z'));
    const c = await services.news.create(articleInput('en', 'C', '2024-01-02T00:00:00.000Z'));
    const u = await services.news.create(articleInput('en', 'U', null));
    await services.news.create(articleInput('zh', 'Z', '2024-01-03T00:00:00.000Z'));
    const titles = async (x: typeof a) => {
      const n = await services.news.neighbours(x);
      return [n.previous?.title ?? null, n.next?.title ?? null];
    };
    expect(await titles(u)).toEqual([null, 'A']);
    expect(await titles(a)).toEqual(['U', 'B']);
    expect(await titles(b)).toEqual(['A', 'C']);
    expect(await titles(c)).toEqual(['B', null]);
  });

  it('updates an imported article in place, keeping its slug, and links translations both ways', async () => {
    const first = await services.news.upsertImported({ ...articleInput('en', 'Imported', null), legacyKey: 'file:a' });
    const second = await services.news.upsertImported({ ...articleInput('en', 'Imported', '2020-04-09T02:00:00.000Z', ['New text.']), legacyKey: 'file:a' });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, item: { id: first.item.id, slug: first.item.slug, revision: 2, publishedAt: '2020-04-09T02:00:00.000Z' } });
    expect(await services.news.count()).toBe(1);
    const zh = await services.news.create(articleInput('zh', '导入的文章', null));
    await services.news.linkTranslations(zh, second.item);
    const enAgain = await services.news.getPublishedBySlug('en', first.item.slug);
    expect((await services.news.translationOf(enAgain, 'zh'))?.id).toBe(zh.id);
    const zhAgain = await services.news.getPublishedBySlug('zh', zh.slug);
    expect((await services.news.translationOf(zhAgain, 'en'))?.id).toBe(first.item.id);
  });

  it('matches a re-exported page by title, but not two old pages that share a title', async () => {
    const first = await services.news.upsertImported({ ...articleInput('en', 'Shared title', null), legacyKey: 'file:a' });
    const renamed = await services.news.upsertImported({ ...articleInput('en', 'Shared title', null), legacyKey: 'file:b' });
    expect(renamed).toMatchObject({ created: false, item: { id: first.item.id } });
    const withId = await services.news.upsertImported({ ...articleInput('en', 'Other title', null), legacyKey: 'id:1', legacyId: '1' });
    const otherId = await services.news.upsertImported({ ...articleInput('en', 'Other title', null), legacyKey: 'id:2', legacyId: '2' });
    expect(otherId.created).toBe(true);
    expect(otherId.item.id).not.toBe(withId.item.id);
  });

  it('lets an import take over an entry of the same name that no import made', async () => {
    const typed = await services.institutions.create({ lang: 'en', position: 3, name: 'Beijing Planetarium', profile: null });
    const imported = await services.institutions.upsertByLegacyKey({ lang: 'en', position: 3, name: 'Beijing Planetarium', profile: docFromParagraphs(['Opened in 1957.']), legacyKey: 'name:beijing planetarium', legacySource: 'a.txt' });
    expect(imported).toMatchObject({ created: false, item: { id: typed.id, slug: typed.slug } });
    expect(await services.institutions.count()).toBe(1);
  });

  it('orders the directory by number and upserts institutions by legacy key', async () => {
    await services.institutions.upsertByLegacyKey({ lang: 'en', position: 3, name: 'Third', profile: null, legacyKey: 'name:third' });
    await services.institutions.upsertByLegacyKey({ lang: 'en', position: 1, name: 'First', profile: docFromParagraphs(['x']), legacyKey: 'name:first' });
    const again = await services.institutions.upsertByLegacyKey({ lang: 'en', position: 2, name: 'Third', profile: docFromParagraphs(['now with text']), legacyKey: 'name:third' });
    expect(again.created).toBe(false);
    const dir = await services.institutions.directory('en');
    expect(dir.map((i) => [i.position, i.name, i.profile !== null])).toEqual([[1, 'First', true], [2, 'Third', true]]);
  });
});

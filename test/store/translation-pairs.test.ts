// An item is paired with at most one item of each language: the workflow says so before a save
// (TRANSLATION_TAKEN), and the store's unique key on (translation_group, lang) holds it when two
// saves race past that check.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import { articleInput } from '../helpers/app.js';
import { freshServices, manualClock, testDialects } from '../helpers/store.js';

describe.each(testDialects())('translation pairs on %s', (dialect) => {
  let store: Store;
  let services: Services;
  beforeEach(async () => {
    ({ store, services } = await freshServices(dialect, manualClock()));
  });
  afterEach(() => store.close());

  const group = async (id: number) => (await store.db.selectFrom('article').select('translation_group').where('id', '=', id).executeTakeFirstOrThrow()).translation_group;

  it('refuses a second item of one language in a pair', async () => {
    const zh = await services.news.create(articleInput('zh', '一', null));
    const other = await services.news.create(articleInput('zh', '二', null));
    const en = await services.news.create(articleInput('en', 'One', null));
    await services.news.linkTranslations(zh, en);
    const g = await group(zh.id);
    expect(await group(en.id)).toBe(g);
    await expect(store.db.updateTable('article').set({ translation_group: g }).where('id', '=', other.id).execute()).rejects.toThrow();
    expect(await group(other.id)).toBeNull();
  });
});

// Loads the demo on first start: into a store with no content only, all of it or none of it.
import { createServices, hasContent, inTransaction } from '../app/services.js';
import type { Store } from '../db/index.js';
import type { Clock } from '../shared/clock.js';
import { DEMO_CONTENT } from './demo-content.js';

export interface DemoLoadResult {
  loaded: boolean;
  reason?: string;
}

export async function loadDemoIfEmpty(store: Store, clock: Clock): Promise<DemoLoadResult> {
  const { zh, en } = DEMO_CONTENT;
  try {
    // The emptiness check runs inside the transaction that writes, so the two cannot drift apart.
    return await inTransaction(store, clock, async (services) => {
      if (await hasContent(services)) return { loaded: false, reason: 'the store already has content' };

      const aboutZh = await services.pages.create(zh.about);
      const aboutEn = await services.pages.create(en.about);
      await services.pages.linkTranslations(aboutZh, aboutEn);

      for (const [i, inputZh] of zh.institutions.entries()) {
        const inputEn = en.institutions[i];
        if (!inputEn || inputEn.position !== inputZh.position) throw new Error(`demo: institution ${i + 1} has no English twin`);
        const itemZh = await services.institutions.create(inputZh);
        const itemEn = await services.institutions.create(inputEn);
        await services.institutions.linkTranslations(itemZh, itemEn);
      }

      const channelId = (await services.taxonomy.channelBySlug('news'))?.id ?? null;
      const articleZh = await services.news.create({ ...zh.article, channelId });
      const articleEn = await services.news.create({ ...en.article, channelId });
      await services.news.linkTranslations(articleZh, articleEn);
      return { loaded: true };
    });
  } catch (e) {
    // Several instances starting on one empty PostgreSQL store race here; the losers' writes fail
    // on a unique key and roll back. If content is there now, another instance loaded it.
    if (await hasContent(createServices(store.db, clock))) return { loaded: false, reason: 'another instance loaded it' };
    throw e;
  }
}

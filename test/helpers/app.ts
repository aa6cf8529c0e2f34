// An app on a fresh store, driven through inject() (no port).
import type { FastifyInstance } from 'fastify';
import type { DialectName } from '../../src/db/index.js';
import { buildApp } from '../../src/http/server.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import type { Lang } from '../../src/shared/lang.js';
import { fixedClock, type Clock } from '../../src/shared/clock.js';
import { freshServices, TEST_NOW } from './store.js';

export const BASE_URL = 'https://www.example.test';

export async function testApp(dialect: DialectName, { baseUrl = BASE_URL, clock }: { baseUrl?: string; clock?: Clock } = {}) {
  const { store, services } = await freshServices(dialect, clock);
  const app: FastifyInstance = await buildApp({ store, services, baseUrl });
  return {
    app,
    store,
    services,
    clock: clock ?? fixedClock(TEST_NOW),
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/** A published article with the given paragraphs; dates are ISO instants. */
export function articleInput(lang: Lang, title: string, publishedAt: string | null, paragraphs = [`Text of ${title}.`]) {
  return { lang, title, body: docFromParagraphs(paragraphs), status: 'published' as const, publishedAt };
}

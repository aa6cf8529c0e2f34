// An app on a fresh store, driven through inject() (no port).
import type { FastifyInstance } from 'fastify';
import type { DialectName } from '../../src/db/index.js';
import { buildApp } from '../../src/http/server.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import type { Lang } from '../../src/shared/lang.js';
import { freshServices } from './store.js';

export const BASE_URL = 'https://www.example.test';

export async function testApp(dialect: DialectName) {
  const { store, services, clock } = await freshServices(dialect);
  const app: FastifyInstance = await buildApp({ store, services, baseUrl: BASE_URL });
  return {
    app,
    store,
    services,
    clock,
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

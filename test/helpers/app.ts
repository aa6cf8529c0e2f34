// An app on a fresh store, driven through inject() (no port).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_MEDIA_LIMITS, type MediaSettings } from '../../src/media/index.js';
import type { DialectName } from '../../src/db/index.js';
import { buildApp } from '../../src/http/server.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import type { Lang } from '../../src/shared/lang.js';
import { fixedClock, type Clock } from '../../src/shared/clock.js';
import { freshServices, TEST_NOW } from './store.js';

export const BASE_URL = 'https://www.example.test';

/** `media`: keep uploads in a temporary directory (removed on close), with these limits. */
export async function testApp(dialect: DialectName, { baseUrl = BASE_URL, clock, media }: { baseUrl?: string; clock?: Clock; media?: Partial<Omit<MediaSettings, 'dir'>> } = {}) {
  const mediaDir = media ? await mkdtemp(path.join(os.tmpdir(), 'beiguan-media-')) : undefined;
  const { store, services } = await freshServices(dialect, clock, undefined, mediaDir ? { ...DEFAULT_MEDIA_LIMITS, ...media, dir: mediaDir } : undefined);
  const app: FastifyInstance = await buildApp({ store, services, baseUrl });
  return {
    app,
    store,
    services,
    mediaDir,
    clock: clock ?? fixedClock(TEST_NOW),
    async close() {
      await app.close();
      await store.close();
      if (mediaDir) await rm(mediaDir, { recursive: true, force: true });
    },
  };
}

/** A published article with the given paragraphs; dates are ISO instants. */
export function articleInput(lang: Lang, title: string, publishedAt: string | null, paragraphs = [`Text of ${title}.`]) {
  return { lang, title, body: docFromParagraphs(paragraphs), status: 'published' as const, publishedAt };
}

// Composition root: opens the store, brings its schema up to date and builds the services.
import { describeDb, type AppConfig, type DbTarget } from '../config/index.js';
import type { MigrationResultSet } from 'kysely';
import { migrateToLatest, openStore, pingStore, type OpenOptions, type Store } from '../db/index.js';
import type { MediaSettings } from '../media/index.js';
import { searchIndexIsCurrent } from '../search/index.js';
import { DEFAULT_AUTH_POLICY, type AuthPolicy } from '../people/index.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { createServices, inTransaction, type Services } from './services.js';

export interface OpenedApp {
  store: Store;
  services: Services;
  clock: Clock;
  close(): Promise<void>;
}

export async function openApp(db: DbTarget, clock: Clock = systemClock, policy?: AuthPolicy, media?: MediaSettings, options?: OpenOptions): Promise<OpenedApp> {
  const store = await openStore(db, options);
  try {
    await pingStore(store).catch((cause) => {
      throw new Error(`cannot reach the store ${describeDb(db)}: ${(cause as Error).message}`, { cause });
    });
    await migrate(store, clock);
  } catch (e) {
    await store.close();
    throw e;
  }
  return { store, services: createServices(store.db, clock, policy, media), clock, close: () => store.close() };
}

/**
 * Brings the schema up to date, and the search index with it: its tokens are made in TypeScript,
 * so a migration cannot make them. An index never built, or built with tokens or weights made
 * another way (an upgrade changed segmentation or ranking: TOKENS_VERSION), is built again from
 * the published content, in one transaction that also marks it done: a start stopped half-way
 * leaves it to the next, and an instance starting meanwhile waits for it.
 */
export async function migrate(store: Store, clock: Clock = systemClock): Promise<MigrationResultSet> {
  const result = await migrateToLatest(store);
  if (!result.error && !(await searchIndexIsCurrent(store.db)))
    await inTransaction(store, clock, async (s) => {
      // Another instance starting at the same time may be building it: then it is current here.
      await s.lockSearchBuild();
      if (!(await s.searchIndexIsCurrent())) await s.rebuildSearch();
    });
  return result;
}

/** The store and services as the configuration describes them (accounts policy, media library). */
export function openConfiguredApp(config: AppConfig): Promise<OpenedApp> {
  const policy = { ...DEFAULT_AUTH_POLICY, mlps: config.mlps, sessionIdleMinutes: config.sessionIdleMinutes, sessionMaxHours: config.sessionMaxHours };
  return openApp(config.db, systemClock, policy, {
    dir: config.mediaDir,
    maxImageBytes: Math.round(config.mediaMaxImageMb * 1024 * 1024),
    maxDocumentBytes: Math.round(config.mediaMaxDocumentMb * 1024 * 1024),
    maxImagePixels: Math.round(config.mediaMaxImageMegapixels * 1e6),
  }, { sqliteSync: config.sqliteSync });
}

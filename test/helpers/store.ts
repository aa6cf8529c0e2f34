// One suite, every store: SQLite always, PostgreSQL when BEIGUAN_TEST_PG names a database.
import { randomBytes } from 'node:crypto';
import { createServices, type Services } from '../../src/app/services.js';
import { testEnv } from '../../src/config/index.js';
import { migrateToLatest, openStore, type DialectName, type Store } from '../../src/db/index.js';
import type { MediaSettings } from '../../src/media/index.js';
import { DEFAULT_AUTH_POLICY, type AuthPolicy } from '../../src/people/index.js';
import { fixedClock, type Clock } from '../../src/shared/clock.js';

export const env = testEnv();

export function testDialects(): DialectName[] {
  return env.pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A new, migrated, empty store; on PostgreSQL, in a schema of its own. */
export async function freshStore(dialect: DialectName): Promise<Store> {
  if (dialect === 'sqlite') {
    const store = await openStore({ kind: 'sqlite', path: ':memory:' });
    await migrateToLatest(store);
    return store;
  }
  if (!env.pgUrl) throw new Error('BEIGUAN_TEST_PG is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const store = await openStore({ kind: 'postgres', url: env.pgUrl }, { pgSchema: schema, poolSize: 3 });
  // The schema stays until the run ends (see pg-global-setup.ts).
  try {
    await migrateToLatest(store);
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

export const TEST_NOW = '2026-11-21T04:00:00.000Z';

/** A clock the test moves forward by hand. */
export function manualClock(iso = TEST_NOW) {
  let t = Date.parse(iso);
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
  };
}

/** The default login rules with a cheap password hash, so that tests can create accounts quickly. */
export const TEST_POLICY: AuthPolicy = { ...DEFAULT_AUTH_POLICY, scryptN: 2 ** 10 };

export async function freshServices(dialect: DialectName, clock: Clock = fixedClock(TEST_NOW), policy: AuthPolicy = TEST_POLICY, media?: MediaSettings) {
  const store = await freshStore(dialect);
  return { store, services: createServices(store.db, clock, policy, media) as Services, clock };
}

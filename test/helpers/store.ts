// One suite, every store: SQLite always, PostgreSQL when BEIGUAN_TEST_PG names a database.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
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
    await withSchemaLock('postgres', 'shared', () => migrateToLatest(store));
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

/**
 * Kysely's migrator lists the columns of every schema in the test database, and a column another
 * worker drops in the middle of that listing fails it. Migrating up takes this lock shared (many
 * at once); a test that migrates down, dropping columns, takes it alone. SQLite stores are apart.
 */
export async function withSchemaLock<T>(dialect: DialectName, mode: 'shared' | 'exclusive', work: () => Promise<T>): Promise<T> {
  if (dialect !== 'postgres' || !env.pgUrl) return work();
  const client = new pg.Client({ connectionString: env.pgUrl });
  await client.connect();
  try {
    await client.query(mode === 'shared' ? 'select pg_advisory_lock_shared($1)' : 'select pg_advisory_lock($1)', [SCHEMA_LOCK]);
    return await work();
  } finally {
    // Closing the session releases the lock.
    await client.end();
  }
}
const SCHEMA_LOCK = 0x6265_6967;

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

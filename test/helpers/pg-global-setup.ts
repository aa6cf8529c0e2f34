// Test stores on PostgreSQL each get a schema of their own. They are dropped here, before and after
// the whole run, not one by one: Kysely's migrator lists the tables of every schema, and a schema
// dropped by another worker in the middle of that listing fails it.
import pg from 'pg';
import { testEnv } from '../../src/config/index.js';

async function dropTestSchemas() {
  const { pgUrl } = testEnv();
  if (!pgUrl) return;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(`select nspname from pg_namespace where nspname ~ '^t_[0-9a-f]{12}$'`);
    for (const { nspname } of rows) await client.query(`drop schema if exists "${nspname}" cascade`);
  } finally {
    await client.end();
  }
}

export async function setup() {
  await dropTestSchemas();
}
export async function teardown() {
  await dropTestSchemas();
}

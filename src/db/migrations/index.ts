// Every migration, in order. They are listed here (not read from disk) so that the compiled
// program and the tests run exactly the same set on SQLite and PostgreSQL.
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
};

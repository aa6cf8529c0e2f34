// A query compiled once and run with new values (src/db/prepared.ts), on every store: each call
// answers for its own values, and a value the query does not take is refused when it is built.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/index.js';
import { prepared } from '../../src/db/index.js';
import { freshStore, testDialects } from '../helpers/store.js';

describe.each(testDialects())('prepared queries on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await freshStore(dialect);
  });
  afterEach(() => store.close());

  it('runs with the values of each call, keeping the values it was built with', async () => {
    const find = prepared(store.db, (v: { name: string; also: string }) =>
      // Cast: PostgreSQL wants to know a parameter's type.
      store.db.selectNoFrom([sql<string>`cast(${v.name} as text)`.as('name'), sql<string>`cast(${v.also} as text)`.as('also'), sql<string>`cast(${'fixed'} as text)`.as('fixed')]),
    );
    expect(await find({ name: 'a', also: 'x' })).toEqual([{ name: 'a', also: 'x', fixed: 'fixed' }]);
    // Values that look like SQL stay values.
    expect(await find({ name: "b'; drop table article; --", also: 'y' })).toEqual([{ name: "b'; drop table article; --", also: 'y', fixed: 'fixed' }]);
    expect(await store.db.selectFrom('article').select('id').execute()).toEqual([]);
  });

  it('refuses a query that does not take a value it was given as a parameter', async () => {
    const bad = prepared(store.db, (v: { name: string }) => store.db.selectNoFrom(sql<string>`${sql.lit(String(v.name).length)}`.as('n')));
    await expect(bad({ name: 'a' })).rejects.toThrow(/stand-in/);
  });
});

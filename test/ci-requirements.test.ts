// In CI nothing may be skipped quietly: PostgreSQL, Chromium, nginx and the seed files must be there.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromiumPath, chromiumPresent } from './helpers/browser.js';
import { SEEDS_DIR, seedsPresent } from './helpers/seeds.js';
import { env } from './helpers/store.js';

describe.runIf(env.isCi)('CI prerequisites', () => {
  it('has a PostgreSQL test database (BEIGUAN_TEST_PG)', () => {
    expect(env.pgUrl, 'BEIGUAN_TEST_PG must name a database in CI').toBeTruthy();
  });
  it('has Debian Chromium', () => {
    expect(chromiumPresent(), `no Chromium at ${chromiumPath()}`).toBe(true);
  });
  it('has Debian nginx (the static export is served by it in a test)', () => {
    expect(existsSync('/usr/sbin/nginx'), 'no nginx at /usr/sbin/nginx').toBe(true);
  });
  it('has the seed files', () => {
    expect(seedsPresent, `no seed files in ${SEEDS_DIR}`).toBe(true);
  });
});

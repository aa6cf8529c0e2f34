// The old site's pages live in ../shared/seeds/ beside the checkout (not in the repository).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testEnv } from '../../src/config/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SEEDS_DIR = path.resolve(testEnv().seedsDir ?? path.join(here, '../../../shared/seeds'));
export const FIXTURES_DIR = path.resolve(here, '../fixtures');

export const seedsPresent = fs.existsSync(SEEDS_DIR) && fs.readdirSync(SEEDS_DIR).some((f) => f.endsWith('.txt'));

/** The seed file whose text contains `marker` (the file names are not meaningful). */
export function seedFile(marker: string): string {
  for (const f of fs.readdirSync(SEEDS_DIR).sort()) {
    const full = path.join(SEEDS_DIR, f);
    if (fs.readFileSync(full, 'utf8').includes(marker)) return full;
  }
  throw new Error(`no seed file in ${SEEDS_DIR} contains "${marker}"`);
}

if (!seedsPresent) {
  process.stderr.write(`\n[seeds] SKIPPED: ${SEEDS_DIR} is absent; the tests on the old site's pages did not run.\n\n`);
}

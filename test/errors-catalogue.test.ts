// Every error code used in src/ is documented in docs/errors.md (and nothing documented is stale).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = (fs.readdirSync(path.join(root, 'src'), { recursive: true }) as string[])
  .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
  .map((f) => fs.readFileSync(path.join(root, 'src', f), 'utf8'))
  .join('\n');
const catalogue = fs.readFileSync(path.join(root, 'docs/errors.md'), 'utf8');

/** Codes appear as the second argument of the error factories or as `code:` in HTTP answers. */
const used = new Set(
  [...sources.matchAll(/(?:notFound|invalid|conflict|new AppError\([^,]+,)\(?\s*'([A-Z][A-Z0-9_]+)'|code: '([A-Z][A-Z0-9_]+)'|'(ROUTE_NOT_FOUND|BAD_REQUEST|INTERNAL_ERROR)'/g)].map(
    (m) => m[1] ?? m[2] ?? m[3]!,
  ),
);
const documented = new Set([...catalogue.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]!));

describe('errors catalogue', () => {
  it('finds the codes in the sources', () => {
    expect(used.size).toBeGreaterThan(10);
  });
  it('documents every code used in src/', () => {
    expect([...used].filter((c) => !documented.has(c))).toEqual([]);
  });
  it('documents no code that src/ no longer uses', () => {
    expect([...documented].filter((c) => !sources.includes(`'${c}'`))).toEqual([]);
  });
});

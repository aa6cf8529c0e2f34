// Generated pages through the whole importer, on every store: it never throws, a refused file
// writes nothing, and what a well-formed page says is stored word for word.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../src/app/services.js';
import type { Store } from '../src/db/index.js';
import { importFiles } from '../src/legacy/index.js';
import { docToParagraphs } from '../src/richtext/index.js';
import { fixedClock } from '../src/shared/clock.js';
import type { Lang } from '../src/shared/lang.js';
import { wordsOf } from '../src/shared/text.js';
import { contentOf, fragmentSoup, legacyDocument } from './fixtures/legacy-documents.js';
import { freshStore, testDialects } from './helpers/store.js';

// Late enough that every generated date is already published.
const clock = fixedClock('2099-01-01T00:00:00.000Z');
const RUNS = { numRuns: 30 };

describe.each(testDialects())('importer properties on %s', (dialect) => {
  let store: Store;
  let services: Services;
  let tmp: string;
  let n = 0;
  beforeAll(async () => {
    store = await freshStore(dialect);
    services = createServices(store.db, clock);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-prop-'));
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const writeFile = (content: string | Uint8Array) => {
    const file = path.join(tmp, `page-${++n}.txt`);
    fs.writeFileSync(file, content);
    return file;
  };
  const rowCounts = async () => [await services.news.count(), await services.institutions.count()];

  /** What the store holds from one file, in page order. */
  async function storedText(source: string, lang: Lang, kind: 'directory' | 'article'): Promise<string[]> {
    if (kind === 'directory') {
      const entries = (await services.institutions.directory(lang)).filter((i) => i.legacySource === source);
      return entries.flatMap((i) => [String(i.position), i.name, ...(i.profile ? docToParagraphs(i.profile) : [])]);
    }
    const { items } = await services.news.listPublished(lang, { offset: 0, limit: 10_000 });
    const a = items.find((x) => x.legacySource === source)!;
    return [a.title, ...docToParagraphs(a.body), a.legacyNextTitle ?? '', a.legacyPrevTitle ?? ''];
  }

  it('stores every word of a well-formed page, in order', async () => {
    await fc.assert(
      fc.asyncProperty(legacyDocument, async (generated) => {
        const file = writeFile(generated.source);
        const report = await importFiles(store, clock, [file]);
        const outcome = report.files[0]!;
        expect(outcome.error).toBeUndefined();
        expect(report.failed).toBe(0);
        const stored = await storedText(path.basename(file), outcome.lang!, generated.kind);
        expect(wordsOf(stored.join('\n'))).toEqual(wordsOf(contentOf(generated).join('\n')));
      }),
      RUNS,
    );
  });

  it('never throws, and a refused file writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fragmentSoup, fc.uint8Array({ maxLength: 200 })), async (content) => {
        const before = await rowCounts();
        const report = await importFiles(store, clock, [writeFile(content)]);
        const outcome = report.files[0]!;
        if (!outcome.ok) {
          // Refused for what the file is, never because the store choked on what the parser let by.
          expect(outcome.error).not.toMatch(/^could not be stored/);
          expect(report.failed).toBe(1);
          expect(await rowCounts()).toEqual(before);
        }
      }),
      RUNS,
    );
  });
});

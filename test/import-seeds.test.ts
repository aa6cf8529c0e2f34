// The two pages of the old English site in ../shared/seeds (beside the checkout, not in it).
// Expectations come from the files themselves; only short facts (entry names) are written here.
// When the folder is absent these tests are reported as skipped, with the folder named.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../src/app/services.js';
import type { Store } from '../src/db/index.js';
import { importFiles, type ImportReport } from '../src/legacy/index.js';
import { docToParagraphs } from '../src/richtext/index.js';
import { fixedClock } from '../src/shared/clock.js';
import { normaliseInline, wordsOf } from '../src/shared/text.js';
import { SEEDS_DIR, seedFile, seedsPresent } from './helpers/seeds.js';
import { freshStore, TEST_NOW, testDialects } from './helpers/store.js';

const title = seedsPresent
  ? `the old site's pages in ${SEEDS_DIR}`
  : `the old site's pages: SKIPPED, ${SEEDS_DIR} is absent, these tests did not run`;

const NEIGHBOUR_LINE = /^[\s•]*\[(next|previous)\]:(.*)$/gmu;
const HEADING_LINE = /^\d+ [-–] /u;

/** The neighbour titles in the order the page gives them. */
function neighbourLines(source: string): { side: 'next' | 'previous'; title: string }[] {
  return [...source.matchAll(NEIGHBOUR_LINE)].map((m) => ({ side: m[1] as 'next' | 'previous', title: normaliseInline(m[2]!) }));
}
const nonBlankLines = (source: string) => source.split(/\r?\n/).filter((l) => /[\p{L}\p{N}]/u.test(l));
/** Typographic quotes and the characters a careless importer would turn into markup or entities. */
const countMarks = (text: string) => Object.fromEntries([...'“”‘’"\'&<>'].map((c) => [c, text.split(c).length - 1]));

describe.skipIf(!seedsPresent)(title, () => {
  // Resolved lazily: seedFile reads SEEDS_DIR, which does not exist when the suite is skipped.
  const directoryFile = () => seedFile('1 - Beijing Academy of Science and Technology');
  const articleFile = () => seedFile('[previous]:');

  describe.each(testDialects())('imported into %s', (dialect) => {
    const clock = fixedClock(TEST_NOW);
    let store: Store;
    let services: Services;
    let report: ImportReport;
    beforeEach(async () => {
      store = await freshStore(dialect);
      services = createServices(store.db, clock);
      report = await importFiles(store, clock, [directoryFile(), articleFile()]);
    });
    afterEach(() => store.close());

    it('imports both files: three entries and one article, nothing failed', () => {
      expect(report.files.map((f) => [f.file, f.ok, f.kind, f.lang])).toEqual([
        [directoryFile(), true, 'directory', 'en'],
        [articleFile(), true, 'article', 'en'],
      ]);
      expect(report).toMatchObject({ created: 4, updated: 0, failed: 0 });
    });

    it('keeps the directory: the three numbers and names, and entry 2 without a profile', async () => {
      const directory = await services.institutions.directory('en');
      expect(directory.map((i) => [i.position, i.name])).toEqual([
        [1, 'Beijing Academy of Science and Technology'],
        [2, "Foreign Affairs Office of the People's Government of Beijing Municipality"],
        [3, 'Beijing Planetarium'],
      ]);
      expect(directory[0]!.profile).not.toBeNull();
      expect(directory[1]!.profile).toBeNull();
      expect(directory[2]!.profile).not.toBeNull();
      expect(report.needsEditor.map((n) => n.what)).toContain(
        `institution 2 "Foreign Affairs Office of the People's Government of Beijing Municipality" has no profile text`,
      );
    });

    it('keeps every word of the directory in the old order, every paragraph, and every quote', async () => {
      const source = fs.readFileSync(directoryFile(), 'utf8');
      const directory = await services.institutions.directory('en');
      const stored = directory.flatMap((i) => [`${i.position}`, i.name, ...(i.profile ? docToParagraphs(i.profile) : [])]);
      expect(wordsOf(stored.join('\n'))).toEqual(wordsOf(source));
      const paragraphs = directory.flatMap((i) => (i.profile ? docToParagraphs(i.profile) : []));
      const headings = nonBlankLines(source).filter((l) => HEADING_LINE.test(l));
      expect(headings).toHaveLength(3);
      expect(paragraphs).toHaveLength(nonBlankLines(source).length - headings.length);
      expect(countMarks(stored.join('\n'))).toEqual(countMarks(source));
      expect(stored.join('\n')).not.toMatch(/[\u00a0\t]|^ | $/mu);
    });

    it('keeps the article: exact title, every word in order, neighbours as plain titles, no date', async () => {
      const source = fs.readFileSync(articleFile(), 'utf8');
      const heading = nonBlankLines(source)[0]!.replace(/^[\s•]+/u, '');
      const { items } = await services.news.listPublished('en', { offset: 0, limit: 10 });
      expect(items).toHaveLength(1);
      const article = await services.news.getPublishedBySlug('en', items[0]!.slug);
      expect(article.title).toBe(normaliseInline(heading));
      expect(article.publishedAt).toBeNull();

      const neighbours = neighbourLines(source);
      expect(neighbours.map((n) => n.side).sort()).toEqual(['next', 'previous']);
      const titleOf = (side: 'next' | 'previous') => neighbours.find((n) => n.side === side)!.title;
      expect(await services.news.neighbours(article)).toEqual({
        previous: { title: titleOf('previous'), slug: null },
        next: { title: titleOf('next'), slug: null },
      });

      const paragraphs = docToParagraphs(article.body);
      // Title, rule (no word), the paragraphs, the two neighbour lines.
      expect(paragraphs).toHaveLength(nonBlankLines(source).length - 1 - 2);
      const stored = [article.title, ...paragraphs, ...neighbours.map((n) => (n.side === 'next' ? article.legacyNextTitle : article.legacyPrevTitle))];
      const sourceWithoutMarkers = source.replace(/\[(next|previous)\]:/g, ' ');
      expect(wordsOf(stored.join('\n'))).toEqual(wordsOf(sourceWithoutMarkers));
      expect(countMarks(stored.join('\n'))).toEqual(countMarks(sourceWithoutMarkers));
      expect(stored.join('\n')).not.toMatch(/[\u00a0\t•]|^ | $/mu);
    });

    it('says what needs an editor: no date, and both neighbours not in the store', () => {
      const source = fs.readFileSync(articleFile(), 'utf8');
      const articleNotes = report.needsEditor.filter((n) => n.file === articleFile()).map((n) => n.what);
      expect(articleNotes).toHaveLength(3);
      expect(articleNotes.filter((n) => n.endsWith('has no publication date'))).toHaveLength(1);
      for (const { side, title: neighbour } of neighbourLines(source))
        expect(articleNotes).toContainEqual(expect.stringContaining(`${side} article "${neighbour}" is not in the store`));
    });

    it('updates both on re-import and never duplicates', async () => {
      const again = await importFiles(store, clock, [directoryFile(), articleFile()]);
      expect(again).toMatchObject({ created: 0, updated: 4, failed: 0 });
      expect(await services.institutions.count()).toBe(3);
      expect(await services.news.count()).toBe(1);
    });
  });
});

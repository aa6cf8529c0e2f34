// The importer against a real store, on every dialect: our own fixtures in test/fixtures/legacy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../src/app/services.js';
import type { Store } from '../src/db/index.js';
import { importFiles, type ImportReport } from '../src/legacy/index.js';
import { docToParagraphs } from '../src/richtext/index.js';
import { fixedClock } from '../src/shared/clock.js';
import type { Lang } from '../src/shared/lang.js';
import { FIXTURES_DIR } from './helpers/seeds.js';
import { freshStore, TEST_NOW, testDialects } from './helpers/store.js';

const legacy = (...parts: string[]) => path.join(FIXTURES_DIR, 'legacy', ...parts);
const EN_ARTICLES = 6;
const EN_ENTRIES = 3;

describe.each(testDialects())('legacy importer on %s', (dialect) => {
  const clock = fixedClock(TEST_NOW);
  let store: Store;
  let services: Services;
  let tmp: string;
  beforeEach(async () => {
    store = await freshStore(dialect);
    services = createServices(store.db, clock);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-import-'));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const run = (paths: string[], lang?: Lang) => importFiles(store, clock, paths, lang ? { lang } : {});
  const write = (name: string, content: string | Uint8Array) => {
    const file = path.join(tmp, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };
  async function articles(lang: Lang) {
    return (await services.news.listPublished(lang, { offset: 0, limit: 100 })).items;
  }
  async function article(lang: Lang, title: string) {
    const found = (await articles(lang)).find((a) => a.title === title);
    if (!found) throw new Error(`no article "${title}" in ${lang}`);
    return services.news.getPublishedBySlug(lang, found.slug);
  }
  const rowCounts = async () => ({ articles: await services.news.count(), institutions: await services.institutions.count() });
  const notes = (report: ImportReport) => report.needsEditor.map((n) => n.what).sort();

  it('imports a folder: every file, every entry and article, with counts', async () => {
    const report = await run([legacy('en')]);
    expect(report.files.map((f) => [path.basename(f.file), f.ok, f.kind, f.lang])).toEqual([
      ['article-bulleted.txt', true, 'article', 'en'],
      ['article-dated.txt', true, 'article', 'en'],
      ['article-with-url.txt', true, 'article', 'en'],
      ['crlf-bom.txt', true, 'article', 'en'],
      ['institutions.txt', true, 'directory', 'en'],
      ['markup.txt', true, 'article', 'en'],
      ['whitespace.txt', true, 'article', 'en'],
    ]);
    expect(report).toMatchObject({ created: EN_ARTICLES + EN_ENTRIES, updated: 0, failed: 0 });
    expect(await rowCounts()).toEqual({ articles: EN_ARTICLES, institutions: EN_ENTRIES });
  });

  it('stores the directory: numbers, exact names, every paragraph, and no profile for the empty entry', async () => {
    await run([legacy('en', 'institutions.txt')]);
    const directory = await services.institutions.directory('en');
    expect(directory.map((i) => [i.position, i.name])).toEqual([
      [1, 'Beijing Academy of Science and Technology'],
      [2, 'Beijing Centre for Urban Systems Engineering'],
      [3, 'Beijing Planetarium Education Office'],
    ]);
    expect(docToParagraphs(directory[0]!.profile!)).toEqual([
      'The Academy brings together research institutes, museums and service centres that work for the people of Beijing.',
      'Its researchers study city safety, clean air and water, new materials and health, and they explain their work to the public.',
    ]);
    expect(directory[1]!.profile).toBeNull();
    expect(docToParagraphs(directory[2]!.profile!)).toHaveLength(2);
    expect(directory.every((i) => i.legacySource === 'institutions.txt')).toBe(true);
  });

  it('stores Chinese pages in Chinese, guessed from their text', async () => {
    const report = await run([legacy('zh')]);
    expect(report).toMatchObject({ created: 4, failed: 0 });
    expect((await services.institutions.directory('zh')).map((i) => [i.position, i.name, i.profile === null])).toEqual([
      [1, '北京市科学技术研究院', false],
      [2, '北京市科学技术研究院分析测试研究所', true],
      [3, '北京天文馆', false],
    ]);
    const a = await article('zh', '北京市科学技术研究院举办科普开放日');
    expect(a.publishedAt).toBe('2021-03-05T01:30:00.000Z'); // 09:30 in Beijing
    expect(docToParagraphs(a.body)).toEqual(['3月5日上午，研究院向市民开放了五个实验室。', '参观者在科研人员的指导下观察了昆虫标本，并动手制作了简单的电路。']);
    expect(await services.institutions.directory('en')).toEqual([]);
  });

  it('keeps quotes, ampersands, angle brackets and normalised spaces exactly as stored text', async () => {
    await run([legacy('en', 'markup.txt'), legacy('en', 'whitespace.txt'), legacy('en', 'crlf-bom.txt')]);
    const markup = await article('en', 'Notes on “Open Science” & the Public’s <b>Right</b> to Know');
    expect(docToParagraphs(markup.body)).toEqual([
      'The seminar title was printed as <b>not markup</b> on the invitation, and the programme listed “Q&A” after the talks.',
      'Write &amp; when you mean an ampersand in HTML; here it stays as five characters.',
      'Values such as 3 < 5 > 2 and the tag <script>alert(1)</script> are plain text too.',
    ]);
    expect(markup.body.content.every((b) => b.type === 'paragraph' && b.content?.every((n) => n.type === 'text' && !n.marks))).toBe(true);
    const trees = await article('en', 'Spring Tree Planting at the Academy');
    expect(docToParagraphs(trees.body)).toEqual(['Staff planted sixty trees along the east road.', 'The new trees were chosen to suit the dry climate.']);
    const library = await article('en', 'Academy Library Extends Opening Hours');
    expect(library.publishedAt).toBe('2023-09-01T01:00:00.000Z');
  });

  it('updates on re-import and never duplicates', async () => {
    const first = await run([legacy('en')]);
    const slugs = (await articles('en')).map((a) => a.slug).sort();
    const again = await run([legacy('en')]);
    expect(again).toMatchObject({ created: 0, updated: EN_ARTICLES + EN_ENTRIES, failed: 0 });
    expect(await rowCounts()).toEqual({ articles: EN_ARTICLES, institutions: EN_ENTRIES });
    expect((await articles('en')).map((a) => a.slug).sort()).toEqual(slugs);
    expect(first.created).toBe(EN_ARTICLES + EN_ENTRIES);

    // The same file from another folder (a fresh export) is the same page.
    const copy = write('elsewhere/article-dated.txt', fs.readFileSync(legacy('en', 'article-dated.txt')));
    expect(await run([copy])).toMatchObject({ created: 0, updated: 1 });
    expect(await rowCounts()).toEqual({ articles: EN_ARTICLES, institutions: EN_ENTRIES });
  });

  it('applies the new text of a changed file to what the first import created', async () => {
    const file = write('notice.txt', 'Lab Notice\nDate:2021-05-01 10:00\n\nOld text.\n');
    await run([file]);
    const before = await article('en', 'Lab Notice');
    write('notice.txt', 'Lab Notice\nDate:2021-05-02 10:00\n\nNew text.\n\nA second paragraph.\n');
    expect(await run([file])).toMatchObject({ created: 0, updated: 1 });
    const after = await article('en', 'Lab Notice');
    expect(after.id).toBe(before.id);
    expect(after.slug).toBe(before.slug);
    expect(docToParagraphs(after.body)).toEqual(['New text.', 'A second paragraph.']);
    expect(after.publishedAt).toBe('2021-05-02T02:00:00.000Z');
  });

  it('refuses bad files with their name and reason, writes nothing of them, imports the rest', async () => {
    const report = await run([legacy('en', 'article-dated.txt'), legacy('bad'), legacy('zh', 'institutions.txt')]);
    const failed = report.files.filter((f) => !f.ok);
    expect(failed.map((f) => [path.basename(f.file), f.error])).toEqual([
      ['binary.txt', expect.stringMatching(/binary/)],
      ['empty.txt', expect.stringMatching(/empty/)],
      ['truncated-article.txt', expect.stringMatching(/no text.*truncated/)],
      ['truncated-utf8.txt', expect.stringMatching(/truncated.*UTF-8/)],
      ['unknown-shape.txt', expect.stringMatching(/unknown format/)],
      ['whitespace-only.txt', expect.stringMatching(/white space/)],
    ]);
    expect(failed.every((f) => f.file.startsWith(legacy('bad')) && f.created === 0 && f.updated === 0)).toBe(true);
    expect(report).toMatchObject({ created: 1 + 3, updated: 0, failed: 6 });
    expect(await rowCounts()).toEqual({ articles: 1, institutions: 3 });
    expect((await articles('en')).map((a) => a.title)).toEqual(['Academy Opens Its Laboratories to Students']);
  });

  it('rolls back a file that fails half-way through in the store', async () => {
    await refuseInstitutionNamed(store, 'Refused Institute');
    const file = write('directory.txt', '1 - First Institute\n\nText one.\n\n2 - Refused Institute\n\nText two.\n');
    const report = await run([file, legacy('en', 'article-dated.txt')]);
    expect(report.files[0]).toMatchObject({ ok: false, created: 0, error: expect.stringMatching(/^could not be stored/) });
    expect(report).toMatchObject({ created: 1, failed: 1 });
    expect(await rowCounts()).toEqual({ articles: 1, institutions: 0 }); // not even "First Institute"
  });

  it('keeps the files written before and after one that fails half-way (files are written in batches)', async () => {
    await refuseInstitutionNamed(store, 'Refused Institute');
    const before = write('before.txt', 'Institute Opens a Laboratory\nDate:2021-05-06 10:00\n\nThe new laboratory tests water samples.\n');
    const failing = write('directory.txt', '1 - First Institute\n\nText one.\n\n2 - Refused Institute\n\nText two.\n');
    const report = await run([before, failing, legacy('en', 'article-dated.txt')]);
    expect(report.files.map((f) => [path.basename(f.file), f.ok])).toEqual([
      ['before.txt', true],
      ['directory.txt', false],
      ['article-dated.txt', true],
    ]);
    expect(await rowCounts()).toEqual({ articles: 2, institutions: 0 });
    expect((await articles('en')).map((a) => a.title).sort()).toEqual(['Academy Opens Its Laboratories to Students', 'Institute Opens a Laboratory']);
  });

  it('reports paths that do not exist and folders without text files', async () => {
    fs.mkdirSync(path.join(tmp, 'empty'));
    const report = await run([path.join(tmp, 'missing.txt'), path.join(tmp, 'empty'), legacy('en', 'article-dated.txt')]);
    expect(report.files.filter((f) => !f.ok).map((f) => [path.basename(f.file), f.error])).toEqual([
      ['missing.txt', 'no such file or folder'],
      ['empty', 'the folder holds no .txt file'],
    ]);
    expect(report).toMatchObject({ created: 1, failed: 2 });
  });

  it('imports a file named twice (two spellings of one path) once', async () => {
    const file = legacy('en', 'article-dated.txt');
    const report = await run([file, path.relative(process.cwd(), file), legacy('en')]);
    expect(report.files.filter((f) => f.file.endsWith('article-dated.txt'))).toHaveLength(1);
    expect(report.created).toBe(EN_ARTICLES + EN_ENTRIES);
  });

  it('stores in the language given by --lang, whatever the text', async () => {
    const report = await run([legacy('en', 'article-dated.txt'), legacy('en', 'institutions.txt')], 'zh');
    expect(report.files.map((f) => f.lang)).toEqual(['zh', 'zh']);
    expect(await articles('en')).toEqual([]);
    expect((await article('zh', 'Academy Opens Its Laboratories to Students')).lang).toBe('zh');
    expect(await services.institutions.directory('zh')).toHaveLength(3);
    // The same file in the other language is another item, not an update.
    expect(await run([legacy('en', 'article-dated.txt')])).toMatchObject({ created: 1, updated: 0 });
  });

  it('says what needs an editor: empty entries, undated articles, neighbours not in the store', async () => {
    const report = await run([legacy('en')]);
    expect(notes(report)).toEqual([
      'article "Academy Researchers Visit Secondary Schools to Share Lab Work" has no publication date',
      'article "Academy Researchers Visit Secondary Schools to Share Lab Work": previous article "Winter Lecture Series Ends With a Talk on Comets" is not in the store',
      'institution 2 "Beijing Centre for Urban Systems Engineering" has no profile text',
    ]);
    // The next article came in the same batch, so it is not reported; each note names its file.
    const byFile = Object.fromEntries(report.needsEditor.map((n) => [n.what.slice(0, 20), path.basename(n.file)]));
    expect(byFile['institution 2 "Beiji']).toBe('institutions.txt');
    expect(byFile['article "Academy Res']).toBe('article-bulleted.txt');
  });

  it('reports a neighbour as missing until it is imported, and links it afterwards', async () => {
    const alone = await run([legacy('en', 'article-bulleted.txt')]);
    expect(notes(alone).filter((n) => n.includes('is not in the store'))).toHaveLength(2);
    const bulleted = await article('en', 'Academy Researchers Visit Secondary Schools to Share Lab Work');
    expect(await services.news.neighbours(bulleted)).toEqual({
      previous: { title: 'Winter Lecture Series Ends With a Talk on Comets', slug: null },
      next: { title: 'Academy Opens Its Laboratories to Students', slug: null },
    });

    await run([legacy('en', 'article-dated.txt')]);
    const dated = await article('en', 'Academy Opens Its Laboratories to Students');
    expect((await services.news.neighbours(bulleted)).next).toEqual({ title: dated.title, slug: dated.slug });
    const later = await run([legacy('en', 'article-bulleted.txt')]);
    expect(notes(later).filter((n) => n.includes('is not in the store'))).toEqual([
      'article "Academy Researchers Visit Secondary Schools to Share Lab Work": previous article "Winter Lecture Series Ends With a Talk on Comets" is not in the store',
    ]);
  });

  it('redirects the old address of an article that names it, once, however often it is imported', async () => {
    await run([legacy('en', 'article-with-url.txt')]);
    const a = await article('en', 'Science Week Brings Robots to Chaoyang Park');
    expect(a.legacyId).toBe('2001');
    expect(a.legacyUrl).toBe('http://www.bjast.ac.cn/Html/Article/20190612/2001.html');
    // The old server did not tell letter cases apart, so neither do its redirects.
    expect(await services.redirects.find('/html/article/20190612/2001.HTML')).toMatchObject({ toPath: `/en/news/${a.slug}` });
    expect(await services.redirects.find('/Html/Article/20190612/2001.html')).toEqual({
      fromPath: '/html/article/20190612/2001.html',
      toPath: `/en/news/${a.slug}`,
      statusCode: 301,
    });
    // Same old id under another file name: the same article.
    const renamed = write('renamed.txt', fs.readFileSync(legacy('en', 'article-with-url.txt')));
    expect(await run([renamed, legacy('en', 'article-with-url.txt')])).toMatchObject({ created: 0, updated: 2 });
    expect(await services.news.count()).toBe(1);
    const redirects = await store.db.selectFrom('redirect').selectAll().execute();
    expect(redirects).toHaveLength(1);
  });

  it('never lets a file redirect one of the new site\'s own addresses', async () => {
    const file = write('hijack.txt', 'URL: /en/news/\nFree Prizes\nDate:2021-01-01 10:00\n\nText.\n');
    expect(await run([file])).toMatchObject({ created: 1, failed: 0 });
    expect(await services.redirects.find('/en/news/')).toBeUndefined();
  });

  it('keeps two different pages with one title apart when they come in together', async () => {
    const a = write('a.txt', 'Notice\nDate:2021-01-01 10:00\n\nThe library closes early on Friday.\n');
    const b = write('b.txt', 'Notice\nDate:2021-02-01 10:00\n\nThe canteen opens late on Monday.\n');
    expect(await run([a, b])).toMatchObject({ created: 2, updated: 0 });
    expect(await run([a, b])).toMatchObject({ created: 0, updated: 2 });
    const texts = (await articles('en')).map((x) => docToParagraphs(x.body)[0]).sort();
    expect(texts).toEqual(['The canteen opens late on Monday.', 'The library closes early on Friday.']);
  });

  it('never overwrites one page with another of the same title imported later', async () => {
    await run([write('notice1.txt', 'Notice\nDate:2020-01-01 09:00\n\nFirst notice text.\n')]);
    const second = await run([write('notice2.txt', 'Notice\nDate:2020-02-01 09:00\n\nSecond notice text.\n')]);
    expect(second).toMatchObject({ created: 1, updated: 0 });
    const bodies = (await articles('en')).map((a) => docToParagraphs(a.body)[0]).sort();
    expect(bodies).toEqual(['First notice text.', 'Second notice text.']);
    // The same page under another file name is recognised and not duplicated.
    const renamed = await run([write('moved/notice-copy.txt', 'Notice\nDate:2020-01-01 09:00\n\nFirst notice text.\n')]);
    expect(renamed).toMatchObject({ created: 0, updated: 1 });
    expect(await services.news.count()).toBe(2);
  });

  it('keeps files of one name in two folders apart', async () => {
    write('in/a/article.txt', 'Same name file\nDate:2021-01-01 09:00\n\nText from folder a.\n');
    write('in/b/article.txt', 'Another title\nDate:2021-01-02 09:00\n\nText from folder b.\n');
    const report = await run([path.join(tmp, 'in')]);
    expect(report).toMatchObject({ created: 2, failed: 0 });
    expect((await articles('en')).map((a) => a.title).sort()).toEqual(['Another title', 'Same name file']);
    expect(await run([path.join(tmp, 'in')])).toMatchObject({ created: 0, updated: 2 });
  });

  it('keeps the contact details and status an import does not carry', async () => {
    const typed = await services.institutions.create({ lang: 'en', position: 1, name: 'First Institute', profile: null, address: '1 Example Road' });
    await run([write('dir.txt', '1 - First Institute\n\nIt studies things.\n')]);
    const after = await services.institutions.getBySlug('en', typed.slug);
    expect(after).toMatchObject({ address: '1 Example Road', profile: { type: 'doc' } });
  });

  it('keeps two entries of one page with the same name apart', async () => {
    const file = write('dup.txt', '1 - Office\n\nFirst office.\n\n2 - Office\n\nSecond office.\n');
    expect(await run([file])).toMatchObject({ created: 2 });
    expect(await run([file])).toMatchObject({ created: 0, updated: 2 });
    const names = (await services.institutions.directory('en')).map((i) => [i.position, docToParagraphs(i.profile!)[0]]);
    expect(names).toEqual([
      [1, 'First office.'],
      [2, 'Second office.'],
    ]);
  });
});

/** Makes the store refuse one institution name, to fail a file half-way through. */
async function refuseInstitutionNamed(store: Store, name: string) {
  if (store.dialect === 'sqlite') {
    await sql`create trigger refuse_name before insert on institution when new.name = ${sql.lit(name)}
              begin select raise(abort, 'refused by the test'); end`.execute(store.db);
    return;
  }
  await sql`create function refuse_name() returns trigger language plpgsql as $$
            begin if new.name = ${sql.lit(name)} then raise exception 'refused by the test'; end if; return new; end $$`.execute(store.db);
  await sql`create trigger refuse_name before insert on institution for each row execute function refuse_name()`.execute(store.db);
}

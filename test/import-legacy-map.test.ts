// `import --legacy-map`, on every store: a CSV of the old site's addresses and the files exported
// from them (our own small map and files, written by the test), then the two pages of the old site
// in ../shared/seeds through a map made for them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importLegacyMap, LegacyMapError } from '../src/legacy/index.js';
import { testApp } from './helpers/app.js';
import { SEEDS_DIR, seedFile, seedsPresent } from './helpers/seeds.js';
import { testDialects } from './helpers/store.js';

const UNDATED = '  • Robotics Club Visits the Academy\n  • ----------\n  • Pupils from a Chaoyang school spent a morning in the robotics laboratory.\n\n    They built a small rover.\n';
const DATED = 'Autumn Lecture on Wetlands\nDate:2021-03-05 09:30\n\nA researcher explained how the city\'s wetlands clean its water.\n';
const DIRECTORY = '1 - Beijing Academy of Science and Technology\n\nThe Academy runs research institutes and museums.\n\n2 - Beijing Wetland Research Station\n';

describe.each(testDialects())('legacy map import on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let tmp: string;
  beforeEach(async () => {
    t = await testApp(dialect);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-map-'));
  });
  afterEach(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const write = (name: string, content: string) => {
    const file = path.join(tmp, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };
  const run = (map: string) => importLegacyMap(t.store, t.clock, map);
  /** The problems a refused map reports. */
  const refused = async (map: string) => {
    const e = await run(map).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LegacyMapError);
    return (e as LegacyMapError).problems;
  };
  const nothingWritten = async () => {
    expect(await t.services.news.count()).toBe(0);
    expect(await t.services.institutions.count()).toBe(0);
    expect(await t.services.redirects.listAll()).toEqual([]);
  };
  const exports = () => {
    write('exports/robotics club.txt', UNDATED);
    write('exports/wetlands.txt', DATED);
    write('exports/directory.txt', DIRECTORY);
  };

  it('imports the files a map names and redirects each old address to its new page', async () => {
    exports();
    // A byte-order mark, CRLF line ends, the columns in the other order, quoted fields, absolute and relative addresses.
    const map = write(
      'maps/old-site.csv',
      '\ufefffile,legacy_url\r\n' +
        '"../exports/robotics club.txt",/Html/Article/20200409/5101.html\r\n' +
        '../exports/wetlands.txt,"http://www.bjast.ac.cn/Html/Article/20210306/5230.html"\r\n' +
        '\r\n' +
        '../exports/directory.txt,/Html/Institutions.html\r\n' +
        '../exports/wetlands.txt,/Html/English/Wetlands.html\r\n',
    );
    const report = await run(map);
    expect(report).toMatchObject({ created: 4, updated: 0, failed: 0, redirects: 4 });
    expect(report.files.map((f) => [f.file, f.kind, f.lang, f.redirects])).toEqual([
      ['../exports/robotics club.txt', 'article', 'en', 1],
      ['../exports/wetlands.txt', 'article', 'en', 2],
      ['../exports/directory.txt', 'directory', 'en', 1],
    ]);

    // The undated page takes the day of its address (midnight in Beijing); a page's own date wins.
    const robotics = await t.services.news.getPublishedBySlug('en', 'robotics-club-visits-the-academy');
    expect(robotics).toMatchObject({ publishedAt: '2020-04-08T16:00:00.000Z', legacyId: '5101' });
    expect(report.needsEditor.map((n) => n.what)).not.toContainEqual(expect.stringContaining('has no publication date'));
    const wetlands = await t.services.news.getPublishedBySlug('en', 'autumn-lecture-on-wetlands');
    expect(wetlands.publishedAt).toBe('2021-03-05T01:30:00.000Z');

    for (const [old, to] of [
      ['/Html/Article/20200409/5101.html', '/en/news/robotics-club-visits-the-academy'],
      ['/html/article/20210306/5230.HTML', '/en/news/autumn-lecture-on-wetlands'],
      ['/Html/English/Wetlands.html', '/en/news/autumn-lecture-on-wetlands'],
      ['/Html/Institutions.html?page=1', '/en/institutions/'],
    ]) {
      const res = await t.app.inject(old!);
      expect([res.statusCode, res.headers.location], old).toEqual([301, to]);
      expect((await t.app.inject(to!)).statusCode, to).toBe(200);
    }
    expect((await t.app.inject('/en/news/robotics-club-visits-the-academy')).body).toContain('April 9, 2020');
  });

  it('changes nothing when the same map runs again', async () => {
    exports();
    const map = write('map.csv', 'legacy_url,file\n/Html/Article/20200409/5101.html,exports/robotics club.txt\n/Html/Institutions.html,exports/directory.txt\n');
    await run(map);
    const before = { redirects: await t.services.redirects.listAll(), news: await t.services.news.listPublished('en', { offset: 0, limit: 10 }) };
    expect(await run(map)).toMatchObject({ created: 0, updated: 3, redirects: 2, failed: 0 });
    expect(await t.services.redirects.listAll()).toEqual(before.redirects);
    expect((await t.services.news.listPublished('en', { offset: 0, limit: 10 })).items.map((a) => [a.id, a.slug, a.publishedAt])).toEqual(
      before.news.items.map((a) => [a.id, a.slug, a.publishedAt]),
    );
    expect(await t.services.institutions.count()).toBe(2);
  });

  it('refuses a map with a bad row, names the map\'s file and line, and writes nothing of it', async () => {
    exports();
    write('exports/empty.txt', '');
    fs.mkdirSync(path.join(tmp, 'exports/folder.txt'));
    const map = write(
      'map.csv',
      [
        'legacy_url,file',
        '/Html/Article/20200409/5101.html,exports/robotics club.txt',
        '/Html/Article/20200410/5102.html,exports/missing.txt',
        '/Html/Article/20201340/5103.html,exports/wetlands.txt',
        '/en/news/robotics,exports/wetlands.txt',
        'javascript:alert(1),exports/wetlands.txt',
        '/html/article/20200409/5101.html,exports/wetlands.txt',
        '/Html/Article/20200409/5101.html,exports/robotics club.txt',
        '/Html/Page.html,exports/folder.txt',
        ',exports/wetlands.txt',
      ].join('\n'),
    );
    expect(await refused(map)).toEqual([
      `${map}:3: file "exports/missing.txt" not found`,
      `${map}:4: "/Html/Article/20201340/5103.html" is not an article address of the old site: /Html/Article/YYYYMMDD/ID.html, with a date that exists`,
      `${map}:5: "/en/news/robotics" is not an address of the old site (/Html/Article/YYYYMMDD/ID.html, or another /Html/….html page)`,
      `${map}:6: "javascript:alert(1)" is not an address of the old site (/Html/Article/YYYYMMDD/ID.html, or another /Html/….html page)`,
      `${map}:7: /html/article/20200409/5101.html is mapped to "exports/wetlands.txt" here and to "exports/robotics club.txt" on line 2`,
      `${map}:9: file "exports/folder.txt" is not a regular file`,
      `${map}:10: legacy_url is empty`,
    ]);
    await nothingWritten();
  });

  it('refuses files that cannot be imported and addresses that do not fit their file, writing nothing', async () => {
    exports();
    write('exports/empty.txt', '');
    write('exports/other-source.txt', 'URL: /Html/Article/20200409/5101.html\nA Page That Claims Another Address\nDate:2020-04-09 10:00\n\nText.\n');
    const map = write(
      'map.csv',
      [
        'legacy_url,file',
        '/Html/Article/20200409/5101.html,exports/robotics club.txt',
        '/Html/Old/Empty.html,exports/empty.txt',
        '/Html/Article/20200101/9.html,exports/directory.txt',
        '/Html/Other.html,exports/other-source.txt',
        '/Html/Article/20200102/10.html,exports/wetlands.txt',
      ].join('\n'),
    );
    expect(await refused(map)).toEqual([
      `${map}:3: exports/empty.txt: the file is empty`,
      `${map}:4: /Html/Article/20200101/9.html is an article's address, but "exports/directory.txt" is a directory`,
      `${map}:5: "exports/other-source.txt" names /Html/Article/20200409/5101.html as its address, which line 2 maps to "exports/robotics club.txt"`,
    ]);
    await nothingWritten();

    const twoDays = write('two-days.csv', 'legacy_url,file\n/Html/Article/20200409/1.html,exports/robotics club.txt\n/Html/Article/20200410/2.html,exports/robotics club.txt\n');
    expect(await refused(twoDays)).toEqual([`${twoDays}:2: "exports/robotics club.txt" has no date, and its addresses give different days (lines 2, 3)`]);
    await nothingWritten();
  });

  it('refuses a map that is not one: wrong header, broken quoting, nothing in it', async () => {
    exports();
    const cases: [string, string][] = [
      ['legacy_url,file,title\n/Html/a.html,exports/wetlands.txt,Wetlands\n', ':1: the header must be legacy_url,file (in either order), not "legacy_url,file,title"'],
      ['url,file\n/Html/a.html,exports/wetlands.txt\n', ':1: the header must be legacy_url,file (in either order), not "url,file"'],
      ['legacy_url,file\n/Html/a.html,"exports/wetlands.txt\n', ':2: Quote Not Closed: the parsing is finished with an opening quote'],
      ['legacy_url,file\n/Html/a.html,exports/wetlands.txt,extra\n', ':2: Invalid Record Length: expect 2, got 3'],
      ['legacy_url,file\n', ': the map has a header but no rows'],
      ['', ': the file is empty'],
    ];
    for (const [i, [text, problem]] of cases.entries()) {
      const map = write(`bad-${i}.csv`, text);
      expect(await refused(map), text).toEqual([`${map}${problem}`]);
    }
    expect(await refused(path.join(tmp, 'absent.csv'))).toEqual([`${path.join(tmp, 'absent.csv')}: cannot be read: ENOENT`]);
    await nothingWritten();
  });
});

const seedsTitle = seedsPresent
  ? `the old site's pages in ${SEEDS_DIR} through a legacy map`
  : `the old site's pages through a legacy map: SKIPPED, ${SEEDS_DIR} is absent, these tests did not run`;

describe.skipIf(!seedsPresent)(seedsTitle, () => {
  describe.each(testDialects())('on %s', (dialect) => {
    let t: Awaited<ReturnType<typeof testApp>>;
    let tmp: string;
    beforeEach(async () => {
      t = await testApp(dialect);
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-seed-map-'));
    });
    afterEach(async () => {
      await t.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('imports both pages, dates the undated article from its address, and redirects both old addresses', async () => {
      // The map lives elsewhere and names the seeds by relative paths ("../…"), as an operator's might.
      const rel = (f: string) => path.relative(tmp, f);
      const map = path.join(tmp, 'seeds.csv');
      fs.writeFileSync(
        map,
        `legacy_url,file\n/Html/Article/20200409/4321.html,"${rel(seedFile('[previous]:'))}"\n/Html/Institutions.html,"${rel(seedFile('1 - Beijing Academy of Science and Technology'))}"\n`,
      );
      const report = await importLegacyMap(t.store, t.clock, map);
      expect(report).toMatchObject({ created: 4, updated: 0, failed: 0, redirects: 2 });
      const { items } = await t.services.news.listPublished('en', { offset: 0, limit: 10 });
      expect(items).toHaveLength(1);
      expect(items[0]!.publishedAt).toBe('2020-04-08T16:00:00.000Z');

      const article = await t.app.inject('/Html/Article/20200409/4321.html');
      expect([article.statusCode, article.headers.location]).toEqual([301, `/en/news/${items[0]!.slug}`]);
      const page = await t.app.inject(article.headers.location as string);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(items[0]!.title.replace(/&/g, '&amp;').replace(/"/g, '&quot;'));
      const directory = await t.app.inject('/Html/Institutions.html');
      expect([directory.statusCode, directory.headers.location]).toEqual([301, '/en/institutions/']);
      expect((await t.app.inject('/en/institutions/')).body).toContain('Beijing Planetarium');
      expect(await importLegacyMap(t.store, t.clock, map)).toMatchObject({ created: 0, updated: 4, redirects: 2 });
    });
  });
});

// The old export formats, read without a store: our own fixtures in test/fixtures/legacy and
// short texts written inline for the edge cases.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../test/helpers/seeds.js';
import { wordsOf } from '../shared/text.js';
import { LegacyFormatError, type LegacyArticle, type LegacyDirectory } from './legacy.types.js';
import { readLegacyFile } from './importer.js';
import { decodeLegacyBytes, parseLegacyText } from './parse.js';

const fixture = (name: string) => path.join(FIXTURES_DIR, 'legacy', name);
const readDirectory = async (name: string) => (await readLegacyFile(fixture(name))) as LegacyDirectory;
const readArticle = async (name: string) => (await readLegacyFile(fixture(name))) as LegacyArticle;
const parseArticle = (text: string) => parseLegacyText(text, 'inline.txt') as LegacyArticle;
const parseDirectory = (text: string) => parseLegacyText(text, 'inline.txt') as LegacyDirectory;

/** The LegacyFormatError a call throws (fails the test when it throws anything else or nothing). */
async function formatError(work: () => unknown): Promise<LegacyFormatError> {
  try {
    await work();
  } catch (e) {
    expect(e).toBeInstanceOf(LegacyFormatError);
    return e as LegacyFormatError;
  }
  throw new Error('expected a LegacyFormatError, but nothing was thrown');
}

describe('directory pages', () => {
  it('reads the English directory: numbers, exact names, every paragraph, the empty entry', async () => {
    const doc = await readDirectory('en/institutions.txt');
    expect(doc.kind).toBe('directory');
    expect(doc.entries.map((e) => [e.number, e.name])).toEqual([
      [1, 'Beijing Academy of Science and Technology'],
      [2, 'Beijing Centre for Urban Systems Engineering'], // en-dash heading
      [3, 'Beijing Planetarium Education Office'],
    ]);
    expect(doc.entries[0]!.paragraphs).toEqual([
      'The Academy brings together research institutes, museums and service centres that work for the people of Beijing.',
      'Its researchers study city safety, clean air and water, new materials and health, and they explain their work to the public.',
    ]);
    expect(doc.entries[1]!.paragraphs).toEqual([]);
    // "12 - 15 guides…" is a sentence of entry 3, not entry 12.
    expect(doc.entries[2]!.paragraphs).toEqual([
      'The office runs evening sky-watching sessions for families and trains volunteer guides.',
      '12 - 15 guides are on duty every weekend.',
    ]);
    expect(doc.entries.map((e) => e.line)).toEqual([1, 8, 14]);
  });

  it('reads the Chinese directory and trims the ideographic indentation', async () => {
    const doc = await readDirectory('zh/institutions.txt');
    expect(doc.entries.map((e) => [e.number, e.name, e.paragraphs.length])).toEqual([
      [1, '北京市科学技术研究院', 2],
      [2, '北京市科学技术研究院分析测试研究所', 0],
      [3, '北京天文馆', 1],
    ]);
    expect(doc.entries[0]!.paragraphs[1]).toBe('研究院下设多个研究所和科普场馆，面向公众开展科学传播活动。');
    expect(doc.entries[2]!.paragraphs[0]).toBe('北京天文馆每年举办“天文开放日”，邀请市民观测星空。');
  });

  it('keeps years, ranges and lower numbers inside a profile as text', () => {
    const doc = parseDirectory(
      ['1 - Academy', '', 'Founded long ago.', '', '2004 – the new hall opened', '', '1 - 2 visits a week.', '', '5 - 6 people work here.', '', '2 - Museum'].join('\n'),
    );
    expect(doc.entries.map((e) => e.name)).toEqual(['Academy', 'Museum']);
    expect(doc.entries[0]!.paragraphs).toEqual(['Founded long ago.', '2004 – the new hall opened', '1 - 2 visits a week.', '5 - 6 people work here.']);
  });

  it('accepts skipped numbers, other dashes and names that end in an abbreviation', () => {
    const doc = parseDirectory(
      '1 — Academy\n\n4 - Beijing Science Press Co., Ltd.\n\nIt prints books.\n\n５－北京自然博物馆\n\n6 - Centre for the Study of Science and Society.\n',
    );
    expect(doc.entries.map((e) => [e.number, e.name])).toEqual([
      [1, 'Academy'],
      [4, 'Beijing Science Press Co., Ltd.'],
      [5, '北京自然博物馆'],
      [6, 'Centre for the Study of Science and Society.'],
    ]);
  });

  it('ignores layout lines and a source address before the first heading', () => {
    const doc = parseDirectory('|\nURL: http://www.bjast.ac.cn/Html/Institutions.html\n\n1 - Academy\n\n  Text.\n|\n2 - Museum\n');
    expect(doc.entries).toEqual([
      { number: 1, name: 'Academy', paragraphs: ['Text.'], line: 4 },
      { number: 2, name: 'Museum', paragraphs: [], line: 8 },
    ]);
  });

  it('refuses a heading without a name instead of crashing', async () => {
    const e = await formatError(() => parseLegacyText('1 - ---\n\nSome text here.\n', 'nameless.txt'));
    expect(e.message).toContain('nameless.txt');
  });
});

describe('article pages', () => {
  it('reads the bulleted article: exact title, every paragraph in order, both neighbours, no date', async () => {
    const doc = await readArticle('en/article-bulleted.txt');
    expect(doc).toMatchObject({
      kind: 'article',
      layout: 'bulleted',
      title: 'Academy Researchers Visit Secondary Schools to Share Lab Work',
      date: null,
      next: 'Academy Opens Its Laboratories to Students',
      previous: 'Winter Lecture Series Ends With a Talk on Comets',
    });
    expect(doc.paragraphs).toEqual([
      'On 12 May, researchers from the Academy visited three secondary schools in Haidian District.',
      'They showed students how air samples are tested and answered questions about careers in science.',
      'Teachers said the visits would become a regular part of the school year.',
    ]);
  });

  it('reads the English and Chinese dated pages', async () => {
    expect(await readArticle('en/article-dated.txt')).toMatchObject({
      layout: 'dated',
      title: 'Academy Opens Its Laboratories to Students',
      date: { date: '2020-04-09', time: '14:00' },
      paragraphs: [
        'On Saturday the Academy opened five laboratories to secondary school students.',
        'Visitors measured noise levels, looked at insects under microscopes and built simple circuits.',
      ],
      next: null,
      previous: null,
    });
    expect(await readArticle('zh/article-dated.txt')).toMatchObject({
      layout: 'dated',
      title: '北京市科学技术研究院举办科普开放日',
      date: { date: '2021-03-05', time: '09:30' },
      paragraphs: ['3月5日上午，研究院向市民开放了五个实验室。', '参观者在科研人员的指导下观察了昆虫标本，并动手制作了简单的电路。'],
      previous: '冬季天文讲座圆满结束',
      next: null,
    });
  });

  it('takes the old address and its id from a URL line', async () => {
    const doc = await readArticle('en/article-with-url.txt');
    expect(doc.title).toBe('Science Week Brings Robots to Chaoyang Park');
    expect(doc.legacyUrl).toBe('http://www.bjast.ac.cn/Html/Article/20190612/2001.html');
    expect(doc.legacyId).toBe('2001');
    expect(doc.paragraphs).toHaveLength(2);
  });

  it('normalises non-breaking spaces and stray indentation', async () => {
    const doc = await readArticle('en/whitespace.txt');
    expect(doc.title).toBe('Spring Tree Planting at the Academy');
    expect(doc.date).toEqual({ date: '2021-04-02', time: '08:45' });
    expect(doc.paragraphs).toEqual(['Staff planted sixty trees along the east road.', 'The new trees were chosen to suit the dry climate.']);
  });

  it('keeps quotes, ampersands, angle brackets and entities exactly as text', async () => {
    const doc = await readArticle('en/markup.txt');
    expect(doc.title).toBe('Notes on “Open Science” & the Public’s <b>Right</b> to Know');
    expect(doc.paragraphs).toEqual([
      'The seminar title was printed as <b>not markup</b> on the invitation, and the programme listed “Q&A” after the talks.',
      'Write &amp; when you mean an ampersand in HTML; here it stays as five characters.',
      'Values such as 3 < 5 > 2 and the tag <script>alert(1)</script> are plain text too.',
    ]);
  });

  it('reads CRLF line endings and drops the UTF-8 byte-order mark', async () => {
    const bytes = fs.readFileSync(fixture('en/crlf-bom.txt'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes('\r\n')).toBe(true);
    const doc = await readArticle('en/crlf-bom.txt');
    expect(doc.title).toBe('Academy Library Extends Opening Hours');
    expect(doc.paragraphs).toEqual(['The library will stay open until nine in the evening on weekdays.', 'Readers can now borrow up to ten books at a time.']);
  });

  it('treats a dated page whose title starts with "N - " as an article', () => {
    const doc = parseArticle('2021 – A Year of Open Laboratories\nDate:2022-01-02 08:00\n\nText.');
    expect(doc.kind).toBe('article');
    expect(doc.title).toBe('2021 – A Year of Open Laboratories');
  });

  it('skips rules above the title, takes the first address and keeps a second one as text', () => {
    const doc = parseArticle('-----\nURL: http://a.cn/Html/Article/20200101/3.html\nURL: http://b.cn/x.html\nTitle\nDate:2021-01-01 10:00\n\nText.');
    expect(doc).toMatchObject({ title: 'Title', legacyId: '3', legacyUrl: 'http://a.cn/Html/Article/20200101/3.html', paragraphs: ['URL: http://b.cn/x.html', 'Text.'] });
  });

  it('keeps a "Source:" credit and other addresses in the body as text', () => {
    const doc = parseArticle('Title\nDate:2021-01-01 10:00\n\nText.\n\nSource: Beijing Daily\n\nURL: http://example.org/page.html');
    expect(doc.paragraphs).toEqual(['Text.', 'Source: Beijing Daily', 'URL: http://example.org/page.html']);
    expect(doc.legacyUrl).toBeNull();
  });

  it('takes an old-site address at the end of the body as metadata', () => {
    const doc = parseArticle('Title\nDate:2021-01-01 10:00\n\nText.\n\nURL: /Html/Article/20210101/77.html');
    expect(doc.paragraphs).toEqual(['Text.']);
    expect(doc).toMatchObject({ legacyUrl: '/Html/Article/20210101/77.html', legacyId: '77' });
  });

  it('keeps the text that follows the date on the date line', () => {
    const doc = parseArticle('标题\n发布时间：2021-3-5 9:30 来源：研究院\n\n正文。');
    expect(doc.date).toEqual({ date: '2021-03-05', time: '09:30' });
    expect(doc.paragraphs).toEqual(['来源：研究院', '正文。']);
  });

  it('reads Chinese neighbour lines and keeps a second [next] line as text', () => {
    const doc = parseArticle('标题\nDate:2021-03-05 09:30\n\n正文。\n\n上一篇：旧的新闻\n下一篇：新的新闻\n[next]:Another');
    expect(doc).toMatchObject({ previous: '旧的新闻', next: '新的新闻', paragraphs: ['正文。', '[next]:Another'] });
  });

  it('accepts a date after the rule of a bulleted page', () => {
    const doc = parseArticle('• Title\n• -----\n• Date:2020-04-09 10:30:15\n• Text.');
    expect(doc).toMatchObject({ layout: 'bulleted', date: { date: '2020-04-09', time: '10:30:15' }, paragraphs: ['Text.'] });
  });

  it('splits on every line break and never keeps control characters', () => {
    const doc = parseArticle('Title\rDate:2021-01-01 10:00\u2028One\u0007two\fThree\u000bFour');
    expect(doc.paragraphs).toEqual(['One two', 'Three', 'Four']);
  });
});

describe('bad files', () => {
  const cases: [string, RegExp][] = [
    ['bad/empty.txt', /empty/],
    ['bad/whitespace-only.txt', /empty \(only white space\)/],
    ['bad/binary.txt', /binary/],
    ['bad/truncated-utf8.txt', /truncated.*UTF-8/],
    ['bad/truncated-article.txt', /title but no text.*truncated/],
    ['bad/unknown-shape.txt', /unknown format/],
  ];
  it.each(cases)('%s is refused with its name and the reason', async (name, reason) => {
    const e = await formatError(() => readLegacyFile(fixture(name)));
    expect(e.file).toBe(fixture(name));
    expect(e.message).toContain(fixture(name));
    expect(e.reason).toMatch(reason);
  });

  it.each([
    ['a NUL character', 'Title\nDate:2021-01-01 10:00\n\nA\u0000B', /binary/],
    ['only layout symbols', '|\n-----\n***', /no text/],
    ['only a source address', 'URL: http://www.bjast.ac.cn/Html/Article/20200101/1.html\n', /only a source address/],
    ['a neighbour before any title', '[next]:Something\n\nText.', /no title/],
    ['a date that does not exist', 'Title\nDate:2021-02-30 10:00\n\nText.', /does not exist/],
    ['a bulleted title without a rule', '• Title\n• Text.', /rule line/],
    ['a first line too long for a title', `${'word '.repeat(200)}\nDate:2021-01-01 10:00\n\nText.`, /too long for a title/],
    ['a dated title without text', 'Title\nDate:2021-01-01 10:00\n\n[next]:Other', /no text/],
  ])('a text with %s is refused', async (_what, text, reason) => {
    const e = await formatError(() => parseLegacyText(text, 'named.txt'));
    expect(e.message).toMatch(/^named\.txt/);
    expect(e.reason).toMatch(reason);
  });

  it('says on which line an error is', async () => {
    const e = await formatError(() => parseLegacyText('Title\nDate:2021-02-30 10:00\n\nText.', 'x.txt'));
    expect(e.line).toBe(2);
    expect(e.message).toBe('x.txt:2: the date 2021-02-30 10:00 does not exist');
  });
});

describe('decoding bytes', () => {
  it.each([
    ['encodings/institutions-gb18030.txt', 'zh/institutions.txt'],
    ['encodings/markup-windows-1252.txt', 'en/markup.txt'],
    ['encodings/article-utf16le.txt', 'en/article-dated.txt'],
  ])('reads %s exactly as its UTF-8 original', async (encoded, original) => {
    expect(fs.readFileSync(fixture(encoded)).equals(fs.readFileSync(fixture(original)))).toBe(false);
    expect(await readLegacyFile(fixture(encoded))).toEqual(await readLegacyFile(fixture(original)));
  });

  const utf8 = (s: string) => new TextEncoder().encode(s);

  it('reads GB18030, including a file whose only Chinese character is the last one', () => {
    const gb = Uint8Array.from([...utf8('Title\nDate:2021-01-01 10:00\n\n'), 0xd6, 0xd0, 0xce, 0xc4]);
    expect(decodeLegacyBytes(gb, 'gb.txt')).toBe('Title\nDate:2021-01-01 10:00\n\n中文');
    const one = Uint8Array.from([...utf8('ab '), 0xd6, 0xd0]);
    expect(decodeLegacyBytes(one, 'gb.txt')).toBe('ab 中');
  });

  it('reads UTF-16 with a byte-order mark', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('标题 Title', 'utf16le')]);
    expect(decodeLegacyBytes(le, 'u16.txt')).toBe('标题 Title');
  });

  it('reads a windows-1252 English page instead of turning its quotes into Chinese', () => {
    const cp = Uint8Array.from([...utf8('the Party and government'), 0x92, ...utf8('s plan, '), 0x93, ...utf8('four'), 0x94, ...utf8(' centres')]);
    expect(decodeLegacyBytes(cp, 'cp.txt')).toBe('the Party and government’s plan, “four” centres');
  });

  it('refuses UTF-8 with a corrupt byte rather than reading it as GB18030', async () => {
    const bytes = Uint8Array.from([...utf8('北京市科学技术研究院'), 0xff, ...utf8('举办开放日')]);
    const e = await formatError(() => decodeLegacyBytes(bytes, 'corrupt.txt'));
    expect(e.reason).toMatch(/invalid bytes/);
  });

  it('refuses a NUL byte even after the first block', async () => {
    const bytes = Uint8Array.from([...utf8('Title\n'.repeat(3000)), 0]);
    expect((await formatError(() => decodeLegacyBytes(bytes, 'late-nul.txt'))).reason).toMatch(/binary/);
  });

  it('never lets a decoded file lose a word', () => {
    const text = fs.readFileSync(fixture('zh/institutions.txt'), 'utf8');
    expect(wordsOf(decodeLegacyBytes(utf8(text), 'zh.txt'))).toEqual(wordsOf(text));
  });
});

describe('directory numbering and article headers, as the old pages vary', () => {
  it('keeps "6-12" and "5 - 10 …" inside a profile as text while the next number is still to come', () => {
    const doc = parseLegacyText('1 - 北京市科学技术研究院\n\n简介。\n\n2 - 北京天文馆\n\n6-12岁儿童半价\n\n5 - 10 visitors per minute\n\n3 - 北京自然博物馆\n', 'dir.txt');
    expect(doc.kind === 'directory' && doc.entries.map((e) => [e.number, e.name, e.paragraphs])).toEqual([
      [1, '北京市科学技术研究院', ['简介。']],
      [2, '北京天文馆', ['6-12岁儿童半价', '5 - 10 visitors per minute']],
      [3, '北京自然博物馆', []],
    ]);
  });
  it('accepts a gap in the numbering when the skipped number never comes', () => {
    const doc = parseLegacyText('1 - First\n\nText.\n\n3 - Third\n\nMore text.\n', 'gap.txt');
    expect(doc.kind === 'directory' && doc.entries.map((e) => e.number)).toEqual([1, 3]);
  });
  it('reads 12-hour times and keeps a second source address as text', () => {
    const doc = parseLegacyText('URL: http://old.example/Html/Article/20200409/12.html\nSource: http://news.example/story\nTitle\nDate:2020-04-09 02:30 PM\n\nText.', 'pm.txt');
    expect(doc).toMatchObject({ date: { date: '2020-04-09', time: '14:30' }, legacyId: '12', paragraphs: ['Source: http://news.example/story', 'Text.'] });
  });
});

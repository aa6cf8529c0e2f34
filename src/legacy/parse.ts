// Reads the old site's text exports: the numbered directory, the bulleted article and the dated
// page. Pure functions of the text; every failure is a LegacyFormatError naming file and line.
// The one rule above all: a line with a letter or a digit in it is never dropped.
import { beijingLocalToIso } from '../shared/clock.js';
import { normaliseInline } from '../shared/text.js';
import { LegacyFormatError, type DirectoryEntry, type LegacyArticle, type LegacyDocument } from './legacy.types.js';

export { decodeLegacyBytes } from './decode.js';

/** Longer than this, a "title" is a paragraph (and PostgreSQL could not index it). */
export const MAX_TITLE_LENGTH = 500;
export const MAX_NAME_LENGTH = 300;
/** A heading may skip numbers (an entry removed), but not jump to a year inside a profile. */
const MAX_NUMBER_GAP = 100;

type Kind = 'blank' | 'noise' | 'rule' | 'text';
interface Line {
  /** 1-based line number in the file. */
  no: number;
  /** The line with bullet, indentation and space runs normalised; '' for a blank line. */
  text: string;
  hadBullet: boolean;
  kind: Kind;
}

const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;
// C0/C1 controls other than tab and the line breaks above: never text, and some stores refuse them.
const CONTROL = /[\u0001-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;
const BULLET = /^[\s\u3000]*[•·●▪◦‣∙■□◆◇○►▶][\s\u3000]*/u;
const HAS_WORD = /[\p{L}\p{N}]/u;
const RULE = /^(?:[-=_—─━﹣－*~]\s?){3,}$/u;
// "1 - Name", "2 – Name", "5－名称"; but "6-12岁" (a range: digit, dash, digit, no space) is text.
const HEADING = /^([0-9０-９]{1,4})(?:[\s\u3000]+[-‐‑–—‒―－][\s\u3000]*|[-‐‑–—‒―－](?:[\s\u3000]+|(?![0-9０-９])))(.*)$/u;
const DATE_LINE =
  /^(?:date|published|posted|release date|日期|发布日期|发布时间|发表时间|时间)[\s\u3000]*[:：][\s\u3000]*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[\sT\u3000]+(\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)(?:[\s\u3000]*([AaPp])\.?[Mm]\.?(?![\p{L}]))?)?(?:[\s\u3000]+(.*\S.*))?$/iu;
const NEIGHBOUR =
  /^(?:\[(next|previous|prev|下一篇|上一篇)\][\s\u3000]*[:：]?|(下一篇|上一篇)[\s\u3000]*[:：])[\s\u3000]*(.*)$/iu;
const SOURCE_LINE = /^(?:url|source|link|原文链接|原文地址|网址|链接)[\s\u3000]*[:：][\s\u3000]*((?:https?:\/\/|\/)\S*)$/iu;
const OLD_ARTICLE_URL = /\/Html\/Article\/(\d{8})\/(\d+)\.s?html?(?=$|[?#])/i;
// "Co., Ltd." and "Inst." end names; "…in 2004." and "…the Academy." end sentences.
const SENTENCE_END = /[.。!！?？;；,，:：]$/u;
const ABBREVIATION_END = /(?:^|[\s(（,，])[A-Z][A-Za-z]{0,4}\.$/u;

function toLines(text: string): Line[] {
  return text.split(LINE_BREAK).map((raw, i) => {
    const clean = raw.replace(CONTROL, ' ');
    const hadBullet = BULLET.test(clean);
    const line = normaliseInline(hadBullet ? clean.replace(BULLET, '') : clean);
    const kind: Kind = line === '' ? 'blank' : HAS_WORD.test(line) ? 'text' : RULE.test(line) ? 'rule' : 'noise';
    return { no: i + 1, text: line, hadBullet, kind };
  });
}

export function parseLegacyText(text: string, file: string): LegacyDocument {
  if (text.includes('\u0000')) throw new LegacyFormatError(file, 'the file is binary, not a text export');
  const lines = toLines(text.replace(/^\ufeff/, ''));
  // A source address may head either kind of page; it is metadata, not text of the page.
  const start = lines.findIndex((l) => l.kind === 'text' && !SOURCE_LINE.test(l.text));
  if (start < 0) {
    const what = lines.some((l) => l.kind === 'text') ? 'only a source address' : 'only blank lines or symbols';
    throw new LegacyFormatError(file, `the file holds no text, ${what}`);
  }
  const first = lines[start]!;
  const after = nextSignificant(lines, start + 1);
  const startsArticle = after !== undefined && (after.kind === 'rule' || DATE_LINE.test(after.text));
  if (!startsArticle && headingOf(first, undefined)) return parseDirectory(lines.slice(start));
  return parseArticle(lines, start, file);
}

/** The next line that is not blank, not layout noise and not a source address. */
function nextSignificant(lines: Line[], from: number): Line | undefined {
  for (let i = from; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.kind === 'rule' || (l.kind === 'text' && !SOURCE_LINE.test(l.text))) return l;
  }
  return undefined;
}

function headingOf(line: Line, last: DirectoryEntry | undefined): { number: number; name: string } | undefined {
  if (line.kind !== 'text' || line.hadBullet) return undefined;
  const m = HEADING.exec(line.text);
  if (!m) return undefined;
  const number = Number(m[1]!.normalize('NFKC'));
  const name = m[2]!.trim();
  if (!HAS_WORD.test(name) || name.length > MAX_NAME_LENGTH) return undefined;
  if (!last) return { number, name };
  // Inside a profile, "3 - 5 visitors…", "2004 – the new hall opened." stay text.
  if (number <= last.number || number > last.number + MAX_NUMBER_GAP) return undefined;
  if (SENTENCE_END.test(name) && !ABBREVIATION_END.test(name) && !(name.endsWith('.') && isTitleCase(name))) return undefined;
  return { number, name };
}

const MINOR_WORDS = new Set(['a', 'an', 'and', 'at', 'for', 'in', 'of', 'on', 'the', 'to', 'with']);
/** "Beijing Science Service Center." is a name with a stray full stop; "3 guides are on duty." is not. */
function isTitleCase(name: string): boolean {
  const words = name.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  return words.length > 0 && words.every((w) => MINOR_WORDS.has(w) || w[0] === w[0]!.toUpperCase());
}

function parseDirectory(lines: Line[]): LegacyDocument {
  const entries: DirectoryEntry[] = [];
  // Where each heading-shaped line stands, by number: a jump in the numbering is taken only when
  // the next number does not come later ("5 - 10 visitors…" in entry 2's profile, before "3 - …").
  const at = new Map<number, number[]>();
  lines.forEach((line, i) => {
    const h = line.kind === 'text' && !line.hadBullet ? HEADING.exec(line.text) : null;
    if (!h) return;
    const n = Number(h[1]!.normalize('NFKC'));
    at.set(n, [...(at.get(n) ?? []), i]);
  });
  const comesLater = (n: number, i: number) => (at.get(n) ?? []).some((j) => j > i);
  lines.forEach((line, i) => {
    if (line.kind !== 'text') return;
    const last = entries.at(-1);
    const heading = headingOf(line, last);
    if (heading && (!last || heading.number === last.number + 1 || !comesLater(last.number + 1, i)))
      entries.push({ ...heading, paragraphs: [], line: line.no });
    else last!.paragraphs.push(line.text); // the first text line is a heading: parseLegacyText checked
  });
  return { kind: 'directory', entries };
}

const neighbourSide = (which: string) => (/^(next|下一篇)$/i.test(which) ? 'next' : 'previous');

function parseArticle(lines: Line[], start: number, file: string): LegacyArticle {
  const article: LegacyArticle = {
    kind: 'article',
    layout: 'dated',
    title: '',
    paragraphs: [],
    date: null,
    next: null,
    previous: null,
    legacyUrl: null,
    legacyId: null,
  };
  const takeSource = (l: Line, anyAddress: boolean) => {
    const m = SOURCE_LINE.exec(l.text);
    if (!m || article.legacyUrl !== null) return false;
    const legacyId = OLD_ARTICLE_URL.exec(m[1]!)?.[2] ?? null;
    // In the body only the old site's own address is metadata; any other is the author's text.
    if (!anyAddress && legacyId === null) return false;
    article.legacyUrl = m[1]!;
    article.legacyId = legacyId;
    return true;
  };

  // Before the title there is nothing but layout (blank lines, "|", rules) and source addresses.
  // A second address there is kept as the first paragraph: only one can be the page's source.
  for (const l of lines.slice(0, start)) if (l.kind === 'text' && !takeSource(l, true)) article.paragraphs.push(l.text);
  const titleLine = lines[start]!;
  let i = start + 1;
  // Between the title and the text: layout noise and a source address, around the rule and date.
  const skipHeader = () => {
    while (i < lines.length && (lines[i]!.kind === 'blank' || lines[i]!.kind === 'noise' || (lines[i]!.kind === 'text' && takeSource(lines[i]!, true)))) i++;
  };
  if (DATE_LINE.test(titleLine.text) || NEIGHBOUR.test(titleLine.text))
    throw new LegacyFormatError(file, 'no title before the first date or neighbour line', titleLine.no);
  if (titleLine.text.length > MAX_TITLE_LENGTH)
    throw new LegacyFormatError(file, `unknown format: the first line is ${titleLine.text.length} characters long, too long for a title`, titleLine.no);
  article.title = titleLine.text;

  let sawRule = false;
  for (;;) {
    skipHeader();
    const line = lines[i];
    if (!line) break;
    if (line.kind === 'rule' && !sawRule) {
      sawRule = true;
      if (article.date === null) article.layout = 'bulleted';
      i++;
      continue;
    }
    const dm = article.date === null ? DATE_LINE.exec(line.text) : null;
    if (!dm) break;
    article.date = parseDate(dm, file, line.no);
    if (dm[6]) article.paragraphs.push(dm[6].trim()); // "Date:… Source: …": the rest is kept as text
    i++;
  }
  if (!sawRule && article.date === null) {
    const at = lines.slice(i).find((l) => l.kind !== 'blank') ?? titleLine;
    throw new LegacyFormatError(
      file,
      titleLine.hadBullet
        ? 'unknown format: a bulleted title must be followed by a rule line (-----)'
        : 'unknown format: expected "N - Name" headings, a bulleted title with a rule, or a title followed by "Date:YYYY-MM-DD HH:MM"',
      at.no,
    );
  }

  const seen = new Set<'next' | 'previous'>();
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.kind !== 'text') continue;
    const n = NEIGHBOUR.exec(line.text);
    const side = n ? neighbourSide(n[1] ?? n[2]!) : undefined;
    // An empty "[next]:" says there is none; a second "[next]" line is kept as text.
    if (n && side && !seen.has(side)) {
      seen.add(side);
      article[side] = n[3]!.trim() || null;
      continue;
    }
    if (!takeSource(line, false)) article.paragraphs.push(line.text);
  }
  if (article.paragraphs.length === 0) {
    throw new LegacyFormatError(file, `the article "${article.title}" has a title but no text: the file looks truncated`, titleLine.no);
  }
  return article;
}

function parseDate(dm: RegExpExecArray, file: string, line: number): NonNullable<LegacyArticle['date']> {
  const date = `${dm[1]}-${dm[2]!.padStart(2, '0')}-${dm[3]!.padStart(2, '0')}`;
  let time = (dm[4] ?? '00:00').replace(/：/g, ':').replace(/^(\d):/, '0$1:');
  const meridiem = dm[5]?.toLowerCase();
  if (meridiem) {
    const hour = Number(time.slice(0, 2));
    if (hour < 1 || hour > 12) throw new LegacyFormatError(file, `the time ${time} ${dm[5]}M does not exist`, line);
    const h24 = (hour % 12) + (meridiem === 'p' ? 12 : 0);
    time = `${String(h24).padStart(2, '0')}${time.slice(2)}`;
  }
  if (beijingLocalToIso(date, time) === undefined)
    throw new LegacyFormatError(file, `the date ${date} ${time} does not exist`, line);
  return { date, time };
}

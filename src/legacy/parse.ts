// Reads the old site's text exports: the numbered directory, the bulleted article and the dated
// page. Pure functions of the bytes; every failure is a LegacyFormatError naming file and line.
import { normaliseInline } from '../shared/text.js';
import { LegacyFormatError, type DirectoryEntry, type LegacyArticle, type LegacyDocument } from './legacy.types.js';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Bytes → text. UTF-8 first; GB18030 (the old Chinese sites' other encoding) when the bytes are
 * not UTF-8 but decode cleanly as GB18030. Binary and truncated files are refused.
 */
export function decodeLegacyBytes(bytes: Uint8Array, file: string): string {
  if (bytes.length === 0) throw new LegacyFormatError(file, 'the file is empty');
  if (bytes.length > MAX_FILE_BYTES) throw new LegacyFormatError(file, `the file is larger than ${MAX_FILE_BYTES} bytes`);
  if (looksBinary(bytes)) throw new LegacyFormatError(file, 'the file is binary, not a text export');
  const text = decodeOrUndefined('utf-8', bytes) ?? decodeTruncationAware(bytes, file) ?? decodeOrUndefined('gb18030', bytes);
  if (text === undefined) throw new LegacyFormatError(file, 'the file is neither UTF-8 nor GB18030 text');
  if (text.replace(/^\ufeff/, '').trim() === '') throw new LegacyFormatError(file, 'the file is empty (only white space)');
  return text.replace(/^\ufeff/, '');
}

function decodeOrUndefined(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** UTF-8 that is valid but for a multi-byte character cut off at the very end: a truncated file. */
function decodeTruncationAware(bytes: Uint8Array, file: string): undefined {
  for (let cut = 1; cut <= 3 && cut < bytes.length; cut++) {
    const lead = bytes[bytes.length - cut]!;
    if (lead >= 0xc0 && decodeOrUndefined('utf-8', bytes.subarray(0, bytes.length - cut)) !== undefined) {
      throw new LegacyFormatError(file, 'the file is truncated: it ends in the middle of a UTF-8 character');
    }
  }
  return undefined;
}

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > sample.length * 0.01 + 2;
}

interface Line {
  /** 1-based line number in the file. */
  no: number;
  /** The line with bullets, indentation and space runs normalised; '' for a blank line. */
  text: string;
  hadBullet: boolean;
}

const BULLET = /^[\s\u00a0\u3000]*[•·●▪◦‣∙][\s\u00a0\u3000]*/u;
const HAS_WORD = /[\p{L}\p{N}]/u;
const RULE = /^[-=_—─━﹣－]{3,}$/u;
const HEADING = /^(\d{1,4})[\s\u00a0]*[-–—－][\s\u00a0]*(.*\S.*)$/u;
const DATE_LINE =
  /^(?:date|日期|发布日期|发布时间|时间)[\s\u00a0]*[:：][\s\u00a0]*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[\s\u00a0T]+(\d{1,2}:\d{2}(?::\d{2})?))?$/iu;
const NEIGHBOUR = /^\[(next|previous|prev|下一篇|上一篇)\][\s\u00a0]*[:：]?[\s\u00a0]*(.*)$/iu;
const SOURCE_LINE = /^(?:url|source|原文链接|原文地址)[\s\u00a0]*[:：][\s\u00a0]*(\S+)$/iu;
const OLD_ARTICLE_URL = /\/Html\/Article\/(\d{8})\/(\d+)\.s?html?\b/i;

function toLines(text: string): Line[] {
  return text.split(/\r\n|\r|\n|\u2028|\u2029/).map((raw, i) => {
    const hadBullet = BULLET.test(raw);
    return { no: i + 1, text: normaliseInline(hadBullet ? raw.replace(BULLET, '') : raw), hadBullet };
  });
}

/** Lines with no letter or digit are layout left-overs of the old pages (a lone "|"), not text. */
const isContent = (l: Line) => l.text !== '' && HAS_WORD.test(l.text);

export function parseLegacyText(text: string, file: string): LegacyDocument {
  const lines = toLines(text);
  const first = lines.find(isContent);
  if (!first) throw new LegacyFormatError(file, 'the file holds no text, only blank lines or symbols');
  if (HEADING.test(first.text) && !first.hadBullet) return parseDirectory(lines, file);
  return parseArticle(lines, file);
}

function parseDirectory(lines: Line[], file: string): LegacyDocument {
  const entries: DirectoryEntry[] = [];
  for (const line of lines) {
    if (!isContent(line)) continue;
    const m = HEADING.exec(line.text);
    const last = entries.at(-1);
    // A heading is a number higher than the last one: "3 - 5 visitors…" inside entry 7 stays text.
    if (m && !line.hadBullet && (!last || Number(m[1]) > last.number) && HAS_WORD.test(m[2]!)) {
      entries.push({ number: Number(m[1]), name: m[2]!.trim(), paragraphs: [], line: line.no });
    } else {
      last!.paragraphs.push(line.text);
    }
  }
  return { kind: 'directory', entries };
}

function parseArticle(lines: Line[], file: string): LegacyArticle {
  const content = lines.filter((l) => l.text !== '');
  let i = 0;
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
  const takeSource = (l: Line) => {
    const m = SOURCE_LINE.exec(l.text);
    if (!m) return false;
    article.legacyUrl = m[1]!;
    article.legacyId = OLD_ARTICLE_URL.exec(m[1]!)?.[2] ?? null;
    return true;
  };
  // Header: layout noise and an optional source address before the title.
  while (i < content.length && (!isContent(content[i]!) || takeSource(content[i]!))) i++;
  const titleLine = content[i]!;
  if (DATE_LINE.test(titleLine.text) || NEIGHBOUR.test(titleLine.text))
    throw new LegacyFormatError(file, 'no title before the first date or neighbour line', titleLine.no);
  article.title = titleLine.text;
  i++;

  const ruleLine = content[i];
  if (ruleLine && RULE.test(ruleLine.text)) {
    article.layout = 'bulleted';
    i++;
  } else if (titleLine.hadBullet) {
    throw new LegacyFormatError(file, 'unknown format: a bulleted title must be followed by a rule line (-----)', ruleLine?.no ?? titleLine.no);
  }
  const dateLine = content[i];
  const dm = dateLine ? DATE_LINE.exec(dateLine.text) : null;
  if (dm) {
    article.date = { date: `${dm[1]}-${dm[2]!.padStart(2, '0')}-${dm[3]!.padStart(2, '0')}`, time: dm[4] ?? '00:00' };
    i++;
  } else if (article.layout === 'dated') {
    throw new LegacyFormatError(
      file,
      'unknown format: expected "N - Name" headings, a bulleted title with a rule, or a title followed by "Date:YYYY-MM-DD HH:MM"',
      dateLine?.no ?? titleLine.no,
    );
  }

  for (; i < content.length; i++) {
    const line = content[i]!;
    const n = NEIGHBOUR.exec(line.text);
    if (n) {
      const which = n[1]!.toLowerCase();
      const title = n[2]!.trim() || null;
      if (which === 'next' || which === '下一篇') article.next = title;
      else article.previous = title;
    } else if (isContent(line) && !takeSource(line)) {
      article.paragraphs.push(line.text);
    }
  }
  if (article.paragraphs.length === 0) {
    throw new LegacyFormatError(file, `the article "${article.title}" has a title but no text: the file looks truncated`, titleLine.no);
  }
  return article;
}

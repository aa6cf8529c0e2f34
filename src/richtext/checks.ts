// Accessibility checks of a rich-text document: images without alt text, headings out of order,
// link text that does not say where it goes, tables without header cells. One module for the
// server (submission, the review screen) and the editor's bundle (the live panel), so both show
// the same warnings: it reads the editor's JSON as loosely as the stored document, and imports
// nothing but types.
import type { RichTextDoc } from './richtext.js';

export const CHECK_CODES = [
  'IMAGE_ALT_MISSING',
  'IMAGE_ALT_FILENAME',
  'HEADING_EMPTY',
  'HEADING_LEVEL_1',
  'HEADING_FIRST_TOO_DEEP',
  'HEADING_SKIPPED',
  'LINK_TEXT_EMPTY',
  'LINK_TEXT_URL',
  'LINK_TEXT_VAGUE',
  'LINK_TEXT_AMBIGUOUS',
  'TABLE_NO_HEADERS',
] as const;
export type CheckCode = (typeof CHECK_CODES)[number];

export interface CheckWarning {
  code: CheckCode;
  /** What the author sees of it: the link's or heading's text, the image's alt text or "#id". */
  subject: string;
  /** The range in the editor's document (ProseMirror positions) to select it by. */
  from: number;
  to: number;
  /** How to select it: the node itself (an image), its text (a heading, a link; a caret when empty), or the first place inside (a table). */
  select: 'node' | 'text' | 'inside';
  /** Where it is in the JSON document, as `content[2].content[0]`. */
  path: string;
  /** Headings: the level, and the one before it. Links: the address. Images: the library id. */
  level?: number;
  previous?: number;
  href?: string;
  mediaId?: number;
}

export interface CheckResult {
  /** The first MAX_WARNINGS warnings in document order. */
  warnings: CheckWarning[];
  /** How many there are in all. */
  total: number;
}

export const MAX_WARNINGS = 100;
export const NO_WARNINGS: CheckResult = Object.freeze({ warnings: [], total: 0 });
// Deeper than the stored schema allows (from-editor.ts refuses depth 40): a hostile document
// is not followed further down, so the walk cannot exhaust the stack.
const MAX_DEPTH = 64;

type Json = { type?: unknown; attrs?: unknown; content?: unknown; text?: unknown; marks?: unknown };
const isNode = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const childrenOf = (n: Json): unknown[] => (Array.isArray(n.content) ? n.content : []);
const attr = (n: Json, name: string): unknown => (isNode(n.attrs) ? (n.attrs as Record<string, unknown>)[name] : undefined);
const LEAVES = new Set(['image', 'hardBreak']);

/** The node's size in ProseMirror's count: text by its length, a leaf 1, any other node 2 plus its content. */
function sizeOf(n: unknown, depth = 0): number {
  if (!isNode(n)) return 0;
  if (n.type === 'text') return typeof n.text === 'string' ? n.text.length : 0;
  if (LEAVES.has(String(n.type))) return 1;
  if (depth > MAX_DEPTH) return 2;
  let size = 2;
  for (const c of childrenOf(n)) size += sizeOf(c, depth + 1);
  return size;
}

/**
 * Text as compared: compatibility forms folded, letter case ignored, punctuation, symbols and
 * spaces left out (Chinese is written without spaces, so "年度 报告" is "年度报告").
 */
export function normaliseLinkText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, '');
}

// Whole link texts that say nothing of where the link goes (compared normalised: "Read more »" is "read more").
const VAGUE = new Set(
  [
    'click', 'click here', 'click this', 'click me', 'here', 'this', 'this link', 'this page', 'link', 'link here', 'more',
    'read more', 'learn more', 'see more', 'view more', 'find out more', 'more info', 'more information', 'details',
    'more details', 'info', 'go', 'go here', 'continue', 'continue reading', 'see', 'view', 'open', 'page', 'website', 'visit',
    '点击', '点击这里', '点击此处', '点此', '点这里', '点击查看', '点击进入', '请点击', '请点击这里', '请点击此处', '这里', '此处',
    '此链接', '链接', '更多', '查看', '查看更多', '了解更多', '阅读更多', '阅读全文', '全文', '详情', '查看详情', '详细',
    '详细信息', '更多信息', '更多内容', '点击查看详情', '查看全文', '进入', '访问', '网页', '网址', '下载', '点击下载', 'download',
    '點擊', '點擊這裡', '這裡', '此處', '詳情', '連結', '鏈接',
  ].map(normaliseLinkText),
);
const isBareAddress = (text: string) => /^(?:https?:\/\/|www\.)\S+$/i.test(text) || /^\/[^\s]*$/.test(text);

// An alt text that is a file name ("IMG_0042.JPG", "photo.png") or a placeholder says nothing of the picture.
const FILE_NAME = /^[^\s]+\.(?:jpe?g|png|gif|webp|avif|svg|tiff?|bmp|heic|heif)$|^(?:img|dsc|dscn|dcim|pic|image|photo|screenshot|微信图片)[\s_-]*\d[\w-]*$/i;
const PLACEHOLDER_ALT = new Set(['image', 'img', 'picture', 'photo', 'pic', 'graphic', 'figure', 'alt', '图', '图片', '图像', '照片', '配图', '插图', '圖片']);

interface Link {
  text: string;
  href: string;
  from: number;
  to: number;
  path: string;
}

/** The accessibility warnings of a document: the stored one, or the editor's JSON as it stands. */
export function checkDoc(doc: RichTextDoc | unknown): CheckResult {
  const warnings: CheckWarning[] = [];
  const warn = (w: CheckWarning): void => void warnings.push(w);
  const links: Link[] = [];
  let lastHeading: number | undefined;

  function inlineText(n: Json): string {
    return childrenOf(n)
      .map((c) => (isNode(c) && c.type === 'text' && typeof c.text === 'string' ? c.text : isNode(c) && c.type === 'hardBreak' ? ' ' : ''))
      .join('');
  }

  /** A link is a run of text nodes with the same address: "a **bold** word" under one link is one link. */
  function collectLinks(n: Json, start: number, path: string) {
    let pos = start;
    let open: Link | undefined;
    childrenOf(n).forEach((c, i) => {
      const size = sizeOf(c);
      const href = isNode(c) && c.type === 'text' && Array.isArray(c.marks) ? linkHref(c.marks) : undefined;
      if (href !== undefined && open && open.href === href && open.to === pos) {
        open.text += String((c as Json).text);
        open.to = pos + size;
      } else if (href !== undefined) {
        open = { text: String((c as Json).text), href, from: pos, to: pos + size, path: `${path}.content[${i}]` };
        links.push(open);
      } else open = undefined;
      pos += size;
    });
  }

  function heading(n: Json, pos: number, size: number, path: string) {
    const raw = Number(attr(n, 'level'));
    const level = Number.isFinite(raw) ? Math.round(raw) : 2;
    const text = inlineText(n).trim();
    const at = { subject: text, from: pos + 1, to: pos + size - 1, select: 'text' as const, path, level };
    if (text === '') return warn({ code: 'HEADING_EMPTY', ...at });
    // The page's title is its h1: the text's headings start at h2 and go down one level at a time.
    if (level <= 1) warn({ code: 'HEADING_LEVEL_1', ...at });
    else if (lastHeading === undefined && level > 2) warn({ code: 'HEADING_FIRST_TOO_DEEP', ...at });
    else if (lastHeading !== undefined && level > lastHeading + 1) warn({ code: 'HEADING_SKIPPED', ...at, previous: lastHeading });
    lastHeading = Math.max(level, 1);
  }

  function image(n: Json, pos: number, path: string) {
    const id = Number(attr(n, 'mediaId'));
    const alt = typeof attr(n, 'alt') === 'string' ? (attr(n, 'alt') as string).trim() : '';
    const at = { from: pos, to: pos + 1, select: 'node' as const, path, ...(Number.isInteger(id) ? { mediaId: id } : {}) };
    if (alt === '') warn({ code: 'IMAGE_ALT_MISSING', subject: Number.isInteger(id) ? `#${id}` : '', ...at });
    else if (FILE_NAME.test(alt) || PLACEHOLDER_ALT.has(normaliseLinkText(alt))) warn({ code: 'IMAGE_ALT_FILENAME', subject: alt, ...at });
  }

  function hasHeaderCell(table: Json): boolean {
    return childrenOf(table).some((row) => isNode(row) && childrenOf(row).some((cell) => isNode(cell) && cell.type === 'tableHeader'));
  }

  function walk(n: Json, start: number, path: string, depth: number) {
    if (depth > MAX_DEPTH) return;
    let pos = start;
    childrenOf(n).forEach((c, i) => {
      const size = sizeOf(c);
      const at = `${path}${path ? '.' : ''}content[${i}]`;
      if (isNode(c)) {
        if (c.type === 'heading') heading(c, pos, size, at);
        else if (c.type === 'image') image(c, pos, at);
        else if (c.type === 'table' && !hasHeaderCell(c)) warn({ code: 'TABLE_NO_HEADERS', subject: firstCellText(c), from: pos, to: pos + size, select: 'inside', path: at });
        if (c.type === 'paragraph' || c.type === 'heading') collectLinks(c, pos + 1, at);
        else if (!LEAVES.has(String(c.type)) && c.type !== 'text') walk(c, pos + 1, at, depth + 1);
      }
      pos += size;
    });
  }

  function firstCellText(table: Json): string {
    const cell = childrenOf(childrenOf(table).find(isNode) ?? {}).find(isNode);
    const para = cell ? childrenOf(cell).find(isNode) : undefined;
    return para ? inlineText(para).trim() : '';
  }

  if (isNode(doc)) walk(doc, 0, '', 0);
  checkLinks(links, warn);
  // Found in two passes (blocks, then links): sorted, the list reads in document order.
  warnings.sort((a, b) => a.from - b.from);
  return { warnings: warnings.slice(0, MAX_WARNINGS), total: warnings.length };
}

function linkHref(marks: unknown[]): string | undefined {
  for (const m of marks) {
    if (isNode(m) && m.type === 'link') {
      const href = attr(m, 'href');
      return typeof href === 'string' ? href : '';
    }
  }
  return undefined;
}

function checkLinks(links: Link[], warn: (w: CheckWarning) => void) {
  // The first address each text leads to; a text that leads elsewhere later is ambiguous, once per text.
  const firstHref = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const link of links) {
    const text = link.text.trim();
    const key = normaliseLinkText(text);
    const at = { subject: text, from: link.from, to: link.to, select: 'text' as const, path: link.path, href: link.href };
    if (key === '') warn({ code: 'LINK_TEXT_EMPTY', ...at });
    else if (isBareAddress(text)) warn({ code: 'LINK_TEXT_URL', ...at });
    else if (VAGUE.has(key)) warn({ code: 'LINK_TEXT_VAGUE', ...at });
    else {
      const first = firstHref.get(key);
      if (first === undefined) firstHref.set(key, link.href);
      else if (first !== link.href && !ambiguous.has(key)) {
        ambiguous.add(key);
        warn({ code: 'LINK_TEXT_AMBIGUOUS', ...at });
      }
    }
  }
}

/** The words of each warning, with {text}, {level}, {previous} and {href} filled in. */
export type CheckMessages = Record<CheckCode, string>;

export function checkMessage(w: CheckWarning, messages: CheckMessages): string {
  const values: Record<string, string> = { text: w.subject, level: String(w.level ?? ''), previous: String(w.previous ?? ''), href: w.href ?? '' };
  return messages[w.code].replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

// The rich-text editor's JSON (TipTap/ProseMirror) → the stored document. The editor's schema is
// ours, but what arrives is whatever a browser or a script sent: attributes we do not keep
// (textAlign, colwidth, start…) are dropped, heading levels are clamped to 2–4, images without a
// library id or alt text and unsafe links are dropped (their text stays), and anything that cannot
// be mapped (an unknown node, a list holding no list items) is refused with RICHTEXT_INVALID,
// naming where. No other error ever leaves this module.
import { AppError, invalid } from '../shared/errors.js';
import { isSafeHref } from './safe-href.js';
import { RichTextDocSchema, type Block, type Inline, type ListItem, type Mark, type RichTextDoc, type TableCell, type TableRow } from './richtext.js';

const MAX_DEPTH = 40;
const MAX_NODES = 200_000;
const MAX_ALT = 500;
const MAX_CAPTION = 1000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const refuse = (path: string, why: string) => invalid('RICHTEXT_INVALID', `The text cannot be saved: ${why} (at body${path})`, { field: 'body', path: `body${path}` });

function mapper() {
  let nodes = 0;

  function children(node: Obj, path: string): unknown[] {
    const c = node.content;
    if (c === undefined || c === null) return [];
    if (!Array.isArray(c)) throw refuse(`${path}.content`, 'content is not a list');
    nodes += c.length;
    if (nodes > MAX_NODES) throw refuse(path, 'the document is too large');
    return c;
  }

  function typeOf(v: unknown, path: string): { node: Obj; type: string } {
    if (!isObj(v) || typeof v.type !== 'string') throw refuse(path, 'a node has no type');
    return { node: v, type: v.type };
  }

  function mark(v: unknown): Mark | undefined {
    if (!isObj(v)) return undefined;
    switch (v.type) {
      case 'bold':
      case 'italic':
      case 'underline':
        return { type: v.type };
      case 'link': {
        const href = isObj(v.attrs) && typeof v.attrs.href === 'string' ? v.attrs.href.trim() : '';
        return isSafeHref(href) ? { type: 'link', attrs: { href } } : undefined;
      }
      default:
        return undefined; // strike, code, textStyle…: the text stays, the styling goes
    }
  }

  function inline(v: unknown, path: string): Inline | undefined {
    const { node, type } = typeOf(v, path);
    if (type === 'hardBreak') return { type: 'hardBreak' };
    if (type !== 'text') throw refuse(path, `"${type}" cannot stand inside a line of text`);
    if (typeof node.text !== 'string') throw refuse(path, 'a text node has no text');
    if (node.text === '') return undefined;
    const marks: Mark[] = [];
    for (const m of Array.isArray(node.marks) ? node.marks : []) {
      const kept = mark(m);
      if (kept && !marks.some((x) => x.type === kept.type)) marks.push(kept);
    }
    return { type: 'text', text: node.text, ...(marks.length ? { marks } : {}) };
  }

  function inlines(node: Obj, path: string): { content?: Inline[] } {
    if (node.content === undefined || node.content === null) return {};
    return { content: children(node, path).flatMap((c, i) => inline(c, `${path}.content[${i}]`) ?? []) };
  }

  function blocks(node: Obj, path: string, depth: number): Block[] {
    if (depth > MAX_DEPTH) throw refuse(path, 'blocks are nested too deeply');
    return children(node, path).flatMap((c, i) => block(c, `${path}.content[${i}]`, depth + 1) ?? []);
  }

  function listItems(node: Obj, path: string, depth: number): ListItem[] {
    return children(node, path).map((c, i) => {
      const at = `${path}.content[${i}]`;
      const item = typeOf(c, at);
      if (item.type !== 'listItem') throw refuse(at, `a list holds "${item.type}" where a list item belongs`);
      return { type: 'listItem', content: blocks(item.node, at, depth + 1) };
    });
  }

  const span = (v: unknown) => {
    const n = Math.round(Number(v));
    return Number.isFinite(n) && n > 1 ? Math.min(n, 50) : undefined;
  };

  function table(node: Obj, path: string, depth: number): Block | undefined {
    const rows: TableRow[] = [];
    children(node, path).forEach((r, i) => {
      const at = `${path}.content[${i}]`;
      const row = typeOf(r, at);
      if (row.type !== 'tableRow') throw refuse(at, `a table holds "${row.type}" where a row belongs`);
      const cells: TableCell[] = children(row.node, at).map((c, j) => {
        const cat = `${at}.content[${j}]`;
        const cell = typeOf(c, cat);
        if (cell.type !== 'tableCell' && cell.type !== 'tableHeader') throw refuse(cat, `a table row holds "${cell.type}" where a cell belongs`);
        const attrs = isObj(cell.node.attrs) ? cell.node.attrs : {};
        const colspan = span(attrs.colspan);
        const rowspan = span(attrs.rowspan);
        const content = blocks(cell.node, cat, depth + 2);
        return {
          type: cell.type,
          ...(colspan || rowspan ? { attrs: { ...(colspan ? { colspan } : {}), ...(rowspan ? { rowspan } : {}) } } : {}),
          content: content.length ? content : [{ type: 'paragraph' }],
        };
      });
      if (cells.length) rows.push({ type: 'tableRow', content: cells });
    });
    return rows.length ? { type: 'table', content: rows } : undefined;
  }

  function image(node: Obj, path: string): Block | undefined {
    const attrs = isObj(node.attrs) ? node.attrs : {};
    const id = typeof attrs.mediaId === 'string' && /^\d{1,10}$/.test(attrs.mediaId) ? Number(attrs.mediaId) : attrs.mediaId;
    const alt = typeof attrs.alt === 'string' ? attrs.alt : '';
    if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0 || id >= 2 ** 31 || alt.trim() === '') return undefined;
    if (alt.length > MAX_ALT) throw refuse(`${path}.attrs.alt`, `an image's alt text is longer than ${MAX_ALT} characters`);
    const caption = typeof attrs.caption === 'string' && attrs.caption.trim() !== '' ? attrs.caption : null;
    if (caption && caption.length > MAX_CAPTION) throw refuse(`${path}.attrs.caption`, `an image's caption is longer than ${MAX_CAPTION} characters`);
    return { type: 'image', attrs: { mediaId: id, alt, caption } };
  }

  function block(v: unknown, path: string, depth: number): Block | undefined {
    const { node, type } = typeOf(v, path);
    switch (type) {
      case 'paragraph':
        return { type, ...inlines(node, path) };
      case 'heading': {
        const raw = Math.round(Number(isObj(node.attrs) ? node.attrs.level : undefined));
        const level = (Number.isFinite(raw) ? Math.min(4, Math.max(2, raw)) : 2) as 2 | 3 | 4;
        return { type, attrs: { level }, ...inlines(node, path) };
      }
      case 'blockquote':
        return { type, content: blocks(node, path, depth) };
      case 'bulletList':
      case 'orderedList':
        return { type, content: listItems(node, path, depth) };
      case 'image':
        return image(node, path);
      case 'table':
        return table(node, path, depth);
      default:
        throw refuse(path, `"${type}" is not part of an article's text`);
    }
  }

  return (value: unknown): RichTextDoc => {
    const { node, type } = typeOf(value, '');
    if (type !== 'doc') throw refuse('', 'the document is not a "doc"');
    return { type: 'doc', content: blocks(node, '', 0) };
  };
}

/** Maps the editor's JSON onto the stored schema; throws only AppError RICHTEXT_INVALID. */
export function docFromEditorJson(value: unknown): RichTextDoc {
  let doc: RichTextDoc;
  try {
    doc = mapper()(value);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw refuse('', 'the document could not be read');
  }
  const checked = RichTextDocSchema.safeParse(doc);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const path = (issue?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    throw refuse(path, issue?.message ?? 'the document does not match the schema');
  }
  return checked.data;
}

/** The same, from the JSON text a form field carries. */
export function docFromEditorJsonText(text: string): RichTextDoc {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw refuse('', 'the editor sent something that is not JSON');
  }
  return docFromEditorJson(value);
}

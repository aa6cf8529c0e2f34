// HTML (an API client's bodyHtml, or what Word and web pages put on the clipboard) → the stored
// document. Only structure survives: paragraphs, headings, lists, quotes, emphasis and safe links.
// Scripts, styles, event handlers, images without the media library and every attribute but a
// checked href are dropped; text is kept.
import { type ChildNode, type Element, isTag, isText } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { docToParagraphs, SAFE_HREF, type Block, type Inline, type Mark, type RichTextDoc, type TableBlock, type TableCell, type TableRow } from './richtext.js';

const DROP = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'head', 'title', 'meta', 'link', 'button', 'select', 'textarea', 'input', 'form']);
const HEADING: Record<string, 2 | 3 | 4> = { h1: 2, h2: 2, h3: 3, h4: 4, h5: 4, h6: 4 };
const BLOCKISH = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'figure', 'figcaption', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'center', 'address', 'pre', 'dl', 'dt', 'dd', 'body', 'html']);

const spanOf = (v: string | undefined) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 1 && n <= 50 ? n : undefined;
};

/** A table keeps its rows and cells (Word's layout attributes are dropped); empty tables vanish. */
function tableOf(table: Element): TableBlock | undefined {
  const rows: TableRow[] = [];
  const visit = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (!isTag(n)) continue;
      const name = n.name.toLowerCase();
      if (name === 'thead' || name === 'tbody' || name === 'tfoot') visit(n.children);
      else if (name === 'tr') {
        const cells: TableCell[] = n.children
          .filter((c): c is Element => isTag(c) && (c.name.toLowerCase() === 'td' || c.name.toLowerCase() === 'th'))
          .map((c) => {
            const colspan = spanOf(c.attribs.colspan);
            const rowspan = spanOf(c.attribs.rowspan);
            const attrs = { ...(colspan ? { colspan } : {}), ...(rowspan ? { rowspan } : {}) };
            const content = toBlocks(c.children);
            return { type: c.name.toLowerCase() === 'th' ? 'tableHeader' : 'tableCell', ...(colspan || rowspan ? { attrs } : {}), content: content.length ? content : [{ type: 'paragraph' }] };
          });
        if (cells.length) rows.push({ type: 'tableRow', content: cells });
      }
    }
  };
  visit(table.children);
  const hasText = rows.some((r) => r.content.some((c) => docToParagraphs({ type: 'doc', content: c.content }).some((p) => p.trim() !== '')));
  return hasText ? { type: 'table', content: rows } : undefined;
}

function markOf(el: Element): Mark | undefined {
  const name = el.name.toLowerCase();
  if (name === 'b' || name === 'strong') return { type: 'bold' };
  if (name === 'i' || name === 'em') return { type: 'italic' };
  if (name === 'u') return { type: 'underline' };
  if (name === 'a') {
    const href = (el.attribs.href ?? '').trim();
    return SAFE_HREF.test(href) && href.length <= 2048 ? { type: 'link', attrs: { href } } : undefined;
  }
  // Word writes bold and italic as styled spans.
  const style = (el.attribs.style ?? '').toLowerCase();
  if (/font-weight\s*:\s*(bold|[6-9]00)/.test(style)) return { type: 'bold' };
  if (/font-style\s*:\s*italic/.test(style)) return { type: 'italic' };
  return undefined;
}

function collapse(text: string) {
  return text.replace(/[\s\u00a0]+/g, ' ');
}

/** Converts children into blocks; loose inline content is gathered into paragraphs. */
function toBlocks(nodes: ChildNode[]): Block[] {
  const blocks: Block[] = [];
  let inline: Inline[] = [];
  const flush = () => {
    const trimmed = trimInline(inline);
    if (trimmed.length > 0) blocks.push({ type: 'paragraph', content: trimmed });
    inline = [];
  };
  for (const node of nodes) {
    if (isText(node)) {
      inline.push(...textInline(node.data, []));
      continue;
    }
    if (!isTag(node)) continue;
    const name = node.name.toLowerCase();
    if (DROP.has(name) || name.includes(':') && !name.startsWith('o:p')) continue; // Word's <o:p>, <v:shape>…
    if (name in HEADING) {
      flush();
      const content = trimInline(toInline(node.children, []));
      if (content.length) blocks.push({ type: 'heading', attrs: { level: HEADING[name]! }, content });
    } else if (name === 'ul' || name === 'ol') {
      flush();
      const items = node.children.filter((c): c is Element => isTag(c) && c.name.toLowerCase() === 'li').map((li) => ({ type: 'listItem' as const, content: toBlocks(li.children) }));
      const nonEmpty = items.filter((i) => i.content.length > 0);
      if (nonEmpty.length) blocks.push({ type: name === 'ul' ? 'bulletList' : 'orderedList', content: nonEmpty });
    } else if (name === 'table') {
      flush();
      const caption = node.children.find((c): c is Element => isTag(c) && c.name.toLowerCase() === 'caption');
      if (caption) blocks.push(...toBlocks(caption.children));
      const table = tableOf(node);
      if (table) blocks.push(table);
    } else if (name === 'blockquote') {
      flush();
      const inner = toBlocks(node.children);
      if (inner.length) blocks.push({ type: 'blockquote', content: inner });
    } else if (name === 'br') {
      inline.push({ type: 'hardBreak' });
    } else if (name === 'img') {
      // Only an image of the media library, named by its id, with alt text (as the workspace's
      // plain editor shows them); any other image is dropped.
      const image = libraryImage(node);
      if (image) {
        flush();
        blocks.push(image);
      }
    } else if (BLOCKISH.has(name) || name === 'li') {
      flush();
      blocks.push(...toBlocks(node.children));
    } else {
      inline.push(...toInline([node], []));
    }
  }
  flush();
  return blocks;
}

function libraryImage(img: Element): Block | undefined {
  const id = Number(img.attribs['data-media-id']);
  const alt = (img.attribs.alt ?? '').trim().slice(0, 500);
  const caption = (img.attribs['data-caption'] ?? '').trim().slice(0, 1000) || null;
  return Number.isInteger(id) && id > 0 && id < 2 ** 31 && alt ? { type: 'image', attrs: { mediaId: id, alt, caption } } : undefined;
}

function textInline(data: string, marks: Mark[]): Inline[] {
  const text = collapse(data);
  return text === '' ? [] : [{ type: 'text', text, ...(marks.length ? { marks } : {}) }];
}

function toInline(nodes: ChildNode[], marks: Mark[]): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    if (isText(node)) out.push(...textInline(node.data, marks));
    else if (isTag(node)) {
      const name = node.name.toLowerCase();
      if (DROP.has(name)) continue;
      if (name === 'br') out.push({ type: 'hardBreak' });
      else {
        const mark = markOf(node);
        out.push(...toInline(node.children, mark && !marks.some((m) => m.type === mark.type) ? [...marks, mark] : marks));
      }
    }
  }
  return out;
}

/** Trims spaces at the edges of a paragraph and drops ones that only hold breaks. */
function trimInline(content: Inline[]): Inline[] {
  const out = [...content];
  while (out[0]?.type === 'hardBreak') out.shift();
  while (out.at(-1)?.type === 'hardBreak') out.pop();
  const first = out[0];
  if (first?.type === 'text') out[0] = { ...first, text: first.text.replace(/^ +/, '') };
  const last = out.at(-1);
  if (last?.type === 'text') out[out.length - 1] = { ...last, text: last.text.replace(/ +$/, '') };
  const cleaned = out.filter((n) => n.type !== 'text' || n.text !== '');
  return cleaned.some((n) => n.type === 'text') ? cleaned : [];
}

export function docFromHtml(html: string): RichTextDoc {
  const dom = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: false });
  return { type: 'doc', content: toBlocks(dom.children) };
}

/**
 * What the workspace's plain editor sends: HTML when it holds tags (what the page showed it), or
 * typed text, where a blank line starts a new paragraph.
 */
export function docFromEditorText(text: string): RichTextDoc {
  return /<\/?[a-z][^>]*>/i.test(text) ? docFromHtml(text) : docFromParagraphText(text);
}

/** Typed text: a blank line starts a new paragraph; nothing in it is markup. */
export function docFromParagraphText(text: string): RichTextDoc {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u00a0\u3000]*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
    .filter((p) => p !== '');
  return { type: 'doc', content: paragraphs.map((p) => ({ type: 'paragraph', content: [{ type: 'text', text: p }] })) };
}

// Rich text is stored as a ProseMirror/TipTap-shaped JSON document and validated against an
// allowlist: nodes and marks outside it are refused, so no raw user HTML ever reaches a page.
import { z } from 'zod';
import { SAFE_HREF } from './safe-href.js';

export { SAFE_HREF } from './safe-href.js';

export const MarkSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bold') }),
  z.object({ type: z.literal('italic') }),
  z.object({ type: z.literal('underline') }),
  z.object({ type: z.literal('link'), attrs: z.object({ href: z.string().max(2048).regex(SAFE_HREF, 'unsafe link') }) }),
]);

export const InlineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1), marks: z.array(MarkSchema).optional() }),
  z.object({ type: z.literal('hardBreak') }),
]);

export type Mark = z.infer<typeof MarkSchema>;
export type Inline = z.infer<typeof InlineSchema>;

export type Block =
  | { type: 'paragraph'; content?: Inline[] }
  | { type: 'heading'; attrs: { level: 2 | 3 | 4 }; content?: Inline[] }
  | { type: 'blockquote'; content: Block[] }
  | { type: 'bulletList'; content: ListItem[] }
  | { type: 'orderedList'; content: ListItem[] }
  | ImageBlock
  | TableBlock;
export interface ListItem {
  type: 'listItem';
  content: Block[];
}
/** An image from the media library; the alt text is required, the caption is shown under it. */
export interface ImageBlock {
  type: 'image';
  attrs: { mediaId: number; alt: string; caption?: string | null };
}
/**
 * What a page needs to show a library image (media/ makes them, the site's views show them):
 * the fallback (JPEG or PNG) at a middle width, and `srcset` per format, the modern ones first.
 */
export interface ImageRendition {
  src: string;
  width: number;
  height: number;
  sources: { type: string; srcset: string }[];
  srcset: string;
}

export interface TableCell {
  type: 'tableCell' | 'tableHeader';
  attrs?: { colspan?: number; rowspan?: number };
  content: Block[];
}
export interface TableRow {
  type: 'tableRow';
  content: TableCell[];
}
export interface TableBlock {
  type: 'table';
  content: TableRow[];
}
export interface RichTextDoc {
  type: 'doc';
  content: Block[];
}

const ListItemSchema: z.ZodType<ListItem> = z.lazy(() =>
  z.object({ type: z.literal('listItem'), content: z.array(BlockSchema) }),
);
const nonBlank = (max: number) => z.string().max(max).refine((v) => v.trim() !== '', 'must not be empty');
const ImageSchema = z.object({
  type: z.literal('image'),
  attrs: z.object({ mediaId: z.number().int().positive(), alt: nonBlank(500), caption: z.string().max(1000).nullish() }),
});
const span = z.number().int().min(1).max(50).optional();
const TableCellSchema: z.ZodType<TableCell> = z.lazy(() =>
  z.object({
    type: z.union([z.literal('tableCell'), z.literal('tableHeader')]),
    attrs: z.object({ colspan: span, rowspan: span }).optional(),
    content: z.array(BlockSchema),
  }),
);
const TableSchema = z.object({
  type: z.literal('table'),
  content: z.array(z.object({ type: z.literal('tableRow'), content: z.array(TableCellSchema).min(1) })).min(1),
});
export const BlockSchema: z.ZodType<Block> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('paragraph'), content: z.array(InlineSchema).optional() }),
    z.object({
      type: z.literal('heading'),
      attrs: z.object({ level: z.union([z.literal(2), z.literal(3), z.literal(4)]) }),
      content: z.array(InlineSchema).optional(),
    }),
    z.object({ type: z.literal('blockquote'), content: z.array(BlockSchema) }),
    z.object({ type: z.literal('bulletList'), content: z.array(ListItemSchema) }),
    z.object({ type: z.literal('orderedList'), content: z.array(ListItemSchema) }),
    ImageSchema,
    TableSchema,
  ]),
);
export const RichTextDocSchema: z.ZodType<RichTextDoc> = z.object({
  type: z.literal('doc'),
  content: z.array(BlockSchema),
});

/** One paragraph per string; empty strings are skipped. */
export function docFromParagraphs(paragraphs: readonly string[]): RichTextDoc {
  return {
    type: 'doc',
    content: paragraphs
      .filter((p) => p.length > 0)
      .map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
  };
}

function inlineText(content: Inline[] | undefined): string {
  return (content ?? []).map((n) => (n.type === 'text' ? n.text : '\n')).join('');
}

/**
 * The visible text of each block in document order (list items, quotes and table cells
 * flattened; an image's caption counts, its alt text does not: see docAltTexts), up to the block
 * after which `enough` holds when it is given.
 */
export function docToParagraphs(doc: RichTextDoc, enough?: (paragraphs: readonly string[]) => boolean): string[] {
  const out: string[] = [];
  const push = (text: string) => {
    out.push(text);
    return enough?.(out) ?? false;
  };
  // True once `enough` says so: the rest of the document is not read.
  const walk = (blocks: Block[]): boolean => {
    for (const b of blocks) {
      if (b.type === 'paragraph' || b.type === 'heading') {
        if (push(inlineText(b.content))) return true;
      } else if (b.type === 'blockquote') {
        if (walk(b.content)) return true;
      } else if (b.type === 'image') {
        if (b.attrs.caption && push(b.attrs.caption)) return true;
      } else if (b.type === 'table') {
        for (const row of b.content) for (const cell of row.content) if (walk(cell.content)) return true;
      } else for (const item of b.content) if (walk(item.content)) return true;
    }
    return false;
  };
  walk(doc.content);
  return out;
}

/** Every image block, in document order (for media use tracking and rendering). */
export function docImages(doc: RichTextDoc): ImageBlock[] {
  const out: ImageBlock[] = [];
  const walk = (blocks: Block[]) => {
    for (const b of blocks) {
      if (b.type === 'image') out.push(b);
      else if (b.type === 'blockquote') walk(b.content);
      else if (b.type === 'table') for (const row of b.content) for (const cell of row.content) walk(cell.content);
      else if (b.type === 'bulletList' || b.type === 'orderedList') for (const item of b.content) walk(item.content);
    }
  };
  walk(doc.content);
  return out;
}

/** The alt texts of the document's images (checked for sensitive terms like any other text). */
export const docAltTexts = (doc: RichTextDoc): string[] => docImages(doc).map((i) => i.attrs.alt);

export const docToPlainText = (doc: RichTextDoc): string => docToParagraphs(doc).join('\n\n');
export const isDocEmpty = (doc: RichTextDoc | null | undefined): boolean =>
  !doc || docToParagraphs(doc).every((p) => p.trim() === '');

/** Parses stored JSON; a corrupt value is reported, never rendered. */
export function parseStoredDoc(json: string | null, where: string): RichTextDoc | null {
  if (json == null) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new Error(`${where}: stored rich text is not valid JSON`, { cause });
  }
  const result = RichTextDocSchema.safeParse(value);
  if (!result.success) throw new Error(`${where}: stored rich text does not match the schema: ${result.error.message}`);
  return result.data;
}

/** First `max` characters of the text, cut at a word or sentence boundary when one is near. */
export function excerpt(doc: RichTextDoc | null, max = 160): string {
  const plain = (paragraphs: readonly string[]) => paragraphs.join(' ').replace(/\s+/g, ' ').trim();
  // Only the first `max` characters count, and whether there are more: a long article's text is
  // read as far as that (collapsing spaces only shortens it, so raw length is checked first).
  const enough = (paragraphs: readonly string[]) => paragraphs.reduce((n, p) => n + p.length + 1, 0) > max && plain(paragraphs).length > max;
  const text = doc ? plain(docToParagraphs(doc, enough)) : '';
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const at = Math.max(cut.lastIndexOf(' '), cut.lastIndexOf('，'), cut.lastIndexOf('。'));
  return `${(at > max * 0.6 ? cut.slice(0, at) : cut).replace(/[\s，。,;；:：]+$/, '')}…`;
}

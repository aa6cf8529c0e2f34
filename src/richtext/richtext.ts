// Rich text is stored as a ProseMirror/TipTap-shaped JSON document and validated against an
// allowlist: nodes and marks outside it are refused, so no raw user HTML ever reaches a page.
import { z } from 'zod';

/**
 * Absolute http(s), mail, same-site paths and fragments; never "//host" or "/\\host", and no
 * spaces or control characters, which browsers drop (so "/\t/host" would leave the site).
 */
export const SAFE_HREF = /^(?:https?:\/\/|mailto:|\/(?![/\\])|#)[^\s\u0000-\u001f\u007f-\u009f]*$/i;

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
  | { type: 'orderedList'; content: ListItem[] };
export interface ListItem {
  type: 'listItem';
  content: Block[];
}
export interface RichTextDoc {
  type: 'doc';
  content: Block[];
}

const ListItemSchema: z.ZodType<ListItem> = z.lazy(() =>
  z.object({ type: z.literal('listItem'), content: z.array(BlockSchema) }),
);
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

/** The text of each block in document order (list items and quotes flattened). */
export function docToParagraphs(doc: RichTextDoc): string[] {
  const out: string[] = [];
  const walk = (blocks: Block[]) => {
    for (const b of blocks) {
      if (b.type === 'paragraph' || b.type === 'heading') out.push(inlineText(b.content));
      else if (b.type === 'blockquote') walk(b.content);
      else for (const item of b.content) walk(item.content);
    }
  };
  walk(doc.content);
  return out;
}

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
  const text = doc ? docToParagraphs(doc).join(' ').replace(/\s+/g, ' ').trim() : '';
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const at = Math.max(cut.lastIndexOf(' '), cut.lastIndexOf('，'), cut.lastIndexOf('。'));
  return `${(at > max * 0.6 ? cut.slice(0, at) : cut).replace(/[\s，。,;；:：]+$/, '')}…`;
}

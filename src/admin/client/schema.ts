// The editor's schema: exactly the stored document's nodes and marks (src/richtext/richtext.ts),
// nothing that would be dropped on save. No extension here writes a style attribute, which the
// page's CSP would refuse: the table loses its column group, cells their alignment.
import { Extension, Mark, mergeAttributes, Node, type AnyExtension } from '@tiptap/core';
import Blockquote from '@tiptap/extension-blockquote';
import Bold from '@tiptap/extension-bold';
import Document from '@tiptap/extension-document';
import HardBreak from '@tiptap/extension-hard-break';
import Heading from '@tiptap/extension-heading';
import Italic from '@tiptap/extension-italic';
import { BulletList } from '@tiptap/extension-list/bullet-list';
import { ListItem } from '@tiptap/extension-list/item';
import { OrderedList } from '@tiptap/extension-list/ordered-list';
import Paragraph from '@tiptap/extension-paragraph';
import { TableCell } from '@tiptap/extension-table/cell';
import { TableHeader } from '@tiptap/extension-table/header';
import { TableRow } from '@tiptap/extension-table/row';
import { Table } from '@tiptap/extension-table/table';
import Text from '@tiptap/extension-text';
import Underline from '@tiptap/extension-underline';
import { Gapcursor } from '@tiptap/extensions/gap-cursor';
import { UndoRedo } from '@tiptap/extensions/undo-redo';
import { isSafeHref } from '../../richtext/safe-href.js';
import { imageNodeView, type ImageViewOptions } from './image-view.js';
import { termHighlight } from './terms.js';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    safeLink: {
      setLink: (attrs: { href: string }) => ReturnType;
      unsetLink: () => ReturnType;
    };
  }
}

/**
 * A link whose address passes the stored schema's rule (http, https, mailto, same-site paths):
 * anything else is refused when set and dropped when pasted (its text stays). Our own mark rather
 * than @tiptap/extension-link: we want no autolinking at all, and that one brings linkifyjs
 * (30 KiB of the bundle) for it.
 */
export const SafeLink = Mark.create({
  name: 'link',
  priority: 1000,
  inclusive: false,
  addAttributes: () => ({ href: { default: null } }),
  parseHTML: () => [
    {
      tag: 'a[href]',
      getAttrs: (node) => {
        const href = (node.getAttribute('href') ?? '').trim();
        return isSafeHref(href) ? { href } : false;
      },
    },
  ],
  renderHTML: ({ HTMLAttributes }) => ['a', { href: HTMLAttributes.href as string, rel: 'noopener noreferrer' }, 0],
  addCommands() {
    return {
      setLink:
        ({ href }) =>
        ({ commands }) =>
          isSafeHref(href) && commands.setMark(this.name, { href }),
      unsetLink:
        () =>
        ({ commands }) =>
          commands.unsetMark(this.name, { extendEmptyMarkRange: true }),
    };
  },
});

/** A library image: its id, alt text (required) and caption; a block of its own. */
export const LibraryImage = Node.create<ImageViewOptions>({
  name: 'image',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addOptions: () => ({ thumbs: new Map<number, string>(), messages: { imageAlt: '', imageCaption: '', imageAltRequired: '', removeImage: '' } }),
  addAttributes: () => ({
    mediaId: { default: null, parseHTML: (el) => Number(el.getAttribute('data-media-id')) || null },
    alt: { default: '', parseHTML: (el) => el.getAttribute('alt') ?? '' },
    caption: { default: null, parseHTML: (el) => el.getAttribute('data-caption') || null },
  }),
  // Only our own images come in on paste: Word's file:// pictures and other sites' are dropped.
  parseHTML: () => [{ tag: 'img[data-media-id]' }],
  renderHTML: ({ node }) => ['img', { 'data-media-id': String(node.attrs.mediaId), alt: node.attrs.alt, ...(node.attrs.caption ? { 'data-caption': node.attrs.caption } : {}) }],
  addNodeView() {
    return imageNodeView(this.options);
  },
});

const noColumnGroup = Table.extend({
  renderHTML: ({ HTMLAttributes }) => ['table', mergeAttributes(HTMLAttributes), ['tbody', 0]],
});
// Alignment would be written as a style attribute; the stored schema has no alignment anyway.
const withoutAlign = <T extends typeof TableCell | typeof TableHeader>(cell: T) =>
  cell.extend({
    addAttributes() {
      const { align: _align, ...rest } = (this.parent?.() ?? {}) as Record<string, unknown>;
      return rest;
    },
  });

export function extensions(options: { thumbs: Map<number, string>; messages: ImageViewOptions['messages']; terms: string[] }): AnyExtension[] {
  return [
    Document,
    Paragraph,
    Text,
    Heading.configure({ levels: [2, 3, 4] }),
    Bold,
    Italic,
    Underline,
    SafeLink,
    BulletList,
    OrderedList,
    ListItem,
    Blockquote,
    HardBreak,
    UndoRedo,
    Gapcursor,
    noColumnGroup.configure({ resizable: false, allowTableNodeSelection: true }),
    TableRow,
    withoutAlign(TableHeader),
    withoutAlign(TableCell),
    LibraryImage.configure({ thumbs: options.thumbs, messages: options.messages }),
    Extension.create({ name: 'termHighlight', addProseMirrorPlugins: () => [termHighlight(options.terms)] }),
  ];
}

// Sensitive terms marked in the text as it is typed (decorations: the document is not changed).
// Matching folds letter case and full-width forms like the server does (terms/terms.ts).
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { Node as PmNode } from '@tiptap/pm/model';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

const foldChar = (ch: string) => {
  const f = ch.normalize('NFKC').toLowerCase();
  return f.length === ch.length ? f : ch; // keep positions aligned with the document
};

function decorate(doc: PmNode, terms: string[]): DecorationSet {
  const needles = [...new Set(terms.map((t) => t.normalize('NFKC').toLowerCase()).filter((t) => t.length > 0))];
  if (!needles.length) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    // The block's text with one placeholder per inline non-text node, so indexes are positions.
    let text = '';
    node.forEach((child) => {
      text += child.isText ? [...child.text!].map(foldChar).join('') : '\ufffc';
    });
    for (const needle of needles) {
      for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
        decorations.push(Decoration.inline(pos + 1 + at, pos + 1 + at + needle.length, { class: 'rte-term', 'data-term': needle }));
      }
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

export const termKey = new PluginKey<DecorationSet>('termHighlight');

export function termHighlight(terms: string[]) {
  return new Plugin<DecorationSet>({
    key: termKey,
    state: {
      init: (_config, state) => decorate(state.doc, terms),
      apply: (tr, old) => (tr.docChanged ? decorate(tr.doc, terms) : old),
    },
    props: { decorations: (state) => termKey.getState(state) },
  });
}

// Links the first mention of each named thing in a document (an article's institutions) to its
// page, as a link mark: the document is rendered like any other, so the text stays escaped.
import type { Block, Inline, RichTextDoc } from './richtext.js';

export interface Mentioned {
  /** The names it may be written as (name, aliases). */
  names: readonly string[];
  href: string;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{Script=Latin}\p{N}_]/u.test(c);

/**
 * Where the earliest of `names` starts in `text` (the longest at one place): Latin names only as
 * whole words ("Planetarium" not in "Planetariums"); Chinese has no spaces to stand on.
 */
function firstMatch(text: string, names: readonly string[]): { at: number; length: number } | undefined {
  let best: { at: number; length: number } | undefined;
  for (const name of names) {
    if (!name) continue;
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      const whole = !isWordChar(name[0]) || !isWordChar(text[at - 1]);
      const ends = !isWordChar(name.at(-1)) || !isWordChar(text[at + name.length]);
      if (!whole || !ends) continue;
      if (!best || at < best.at || (at === best.at && name.length > best.length)) best = { at, length: name.length };
      break;
    }
  }
  return best;
}

/** A copy of `doc` where the first mention of each item, outside existing links and headings, links to it. */
export function linkFirstMentions(doc: RichTextDoc, items: readonly Mentioned[]): RichTextDoc {
  const pending = new Set(items.filter((i) => i.names.some(Boolean)));
  if (!pending.size) return doc;
  const inlines = (content: Inline[] | undefined): Inline[] | undefined => {
    if (!content) return content;
    const out: Inline[] = [];
    for (const node of content) {
      if (node.type !== 'text' || node.marks?.some((m) => m.type === 'link')) {
        out.push(node);
        continue;
      }
      let text = node.text;
      while (text && pending.size) {
        let hit: { item: Mentioned; at: number; length: number } | undefined;
        for (const item of pending) {
          const m = firstMatch(text, item.names);
          if (m && (!hit || m.at < hit.at)) hit = { item, ...m };
        }
        if (!hit) break;
        pending.delete(hit.item);
        if (hit.at > 0) out.push({ ...node, text: text.slice(0, hit.at) });
        out.push({ type: 'text', text: text.slice(hit.at, hit.at + hit.length), marks: [...(node.marks ?? []), { type: 'link', attrs: { href: hit.item.href } }] });
        text = text.slice(hit.at + hit.length);
      }
      if (text) out.push({ ...node, text });
    }
    return out;
  };
  const block = (b: Block): Block => {
    switch (b.type) {
      case 'paragraph':
        return { ...b, content: inlines(b.content) };
      case 'blockquote':
        return { ...b, content: b.content.map(block) };
      case 'bulletList':
      case 'orderedList':
        return { ...b, content: b.content.map((li) => ({ ...li, content: li.content.map(block) })) };
      default:
        // Headings stay plain (a link in a heading reads as navigation); images and tables as they are.
        return b;
    }
  };
  return { ...doc, content: doc.content.map(block) };
}

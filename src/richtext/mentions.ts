// Links the first mention of each named thing in a document (an article's institutions) to its
// page, as a link mark: the document is rendered like any other, so the text stays escaped.
import type { Block, Inline, RichTextDoc } from './richtext.js';

export interface Mentioned {
  /** The names it may be written as (name, aliases). */
  names: readonly string[];
  href: string;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{Script=Latin}\p{N}_]/u.test(c);

/** Text to search in any letter case; where lowering changes the length (rare letters), as it is. */
const folded = (s: string) => {
  const lower = s.toLowerCase();
  return lower.length === s.length ? lower : s;
};

/**
 * Where `name` occurs in `text`, in any letter case: Latin names only as whole words
 * ("Planetarium" not in "Planetariums"); Chinese has no spaces to stand on.
 */
function* occurrences(text: string, name: string): Generator<number> {
  if (!name) return;
  const [hay, needle] = [folded(text), folded(name)];
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    const whole = !isWordChar(name[0]) || !isWordChar(text[at - 1]);
    const ends = !isWordChar(name.at(-1)) || !isWordChar(text[at + name.length]);
    if (whole && ends) yield at;
  }
}

/** Where the earliest of `names` starts in `text` (the longest at one place). */
function firstMatch(text: string, names: readonly string[]): { at: number; length: number } | undefined {
  let best: { at: number; length: number } | undefined;
  for (const name of names) {
    const at = occurrences(text, name).next().value;
    if (at === undefined) continue;
    if (!best || at < best.at || (at === best.at && name.length > best.length)) best = { at, length: name.length };
  }
  return best;
}

/**
 * The ids of the items named in `text`. Longer names are matched first and each stretch of text
 * names one item only: "北京天文馆" finds the planetarium, not also an item called "天文馆".
 */
export function findMentioned<Id>(text: string, items: readonly { id: Id; names: readonly string[] }[]): Id[] {
  const names = items.flatMap((item) => item.names.filter(Boolean).map((name) => ({ item, name }))).sort((a, b) => b.name.length - a.name.length);
  const taken = new Array<boolean>(text.length).fill(false);
  const found = new Set<Id>();
  for (const { item, name } of names)
    for (const at of occurrences(text, name)) {
      if (taken.slice(at, at + name.length).some(Boolean)) continue;
      taken.fill(true, at, at + name.length);
      found.add(item.id);
    }
  return items.filter((i) => found.has(i.id)).map((i) => i.id);
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

import { describe, expect, it } from 'vitest';
import { docFromParagraphs, docToParagraphs, excerpt, type Block, type RichTextDoc } from './richtext.js';

/** The excerpt as it is defined: from the whole text (excerpt reads only as far as it needs). */
function wholeTextExcerpt(doc: RichTextDoc, max = 160): string {
  const text = docToParagraphs(doc).join(' ').replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const at = Math.max(cut.lastIndexOf(' '), cut.lastIndexOf('，'), cut.lastIndexOf('。'));
  return `${(at > max * 0.6 ? cut.slice(0, at) : cut).replace(/[\s，。,;；:：]+$/, '')}…`;
}

describe('excerpt', () => {
  it('cuts a long text at a word or a Chinese comma, and leaves a short one whole', () => {
    expect(excerpt(docFromParagraphs(['Short text.']))).toBe('Short text.');
    expect(excerpt(docFromParagraphs(['one two three four five six'.repeat(10)]), 30)).toBe('one two three four five…');
    expect(excerpt(docFromParagraphs(['北京市科学技术研究院，首都综合性科研机构。'.repeat(10)]), 30)).toBe('北京市科学技术研究院，首都综合性科研机构…');
  });

  it('is the excerpt of the whole text, whatever the spaces, lists, quotes, tables and captions', () => {
    let seed = 7;
    const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const words = ['北京', '科学院', ' ', '  ', '\n', 'Academy', 'of', 'Science', '，', '。', 'x'.repeat(40), ''];
    const text = () => Array.from({ length: random(12) }, () => words[random(words.length)]).join(random(2) ? ' ' : '') || 'a';
    const block = (depth: number): Block => {
      const kind = random(depth > 2 ? 2 : 6);
      if (kind === 0) return { type: 'paragraph', content: random(4) ? [{ type: 'text', text: text() }, { type: 'hardBreak' }, { type: 'text', text: text() }] : undefined };
      if (kind === 1) return { type: 'image', attrs: { mediaId: 1, alt: 'alt', caption: random(2) ? text() : null } };
      if (kind === 2) return { type: 'blockquote', content: [block(depth + 1), block(depth + 1)] };
      if (kind === 3) return { type: 'bulletList', content: [{ type: 'listItem', content: [block(depth + 1)] }] };
      if (kind === 4) return { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [block(depth + 1), block(depth + 1)] }] }] };
      return { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: text() }] };
    };
    for (let i = 0; i < 500; i++) {
      const doc: RichTextDoc = { type: 'doc', content: Array.from({ length: random(15) }, () => block(0)) };
      for (const max of [20, 140, 160]) expect(excerpt(doc, max)).toBe(wholeTextExcerpt(doc, max));
    }
  });
});

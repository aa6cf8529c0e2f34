import { describe, expect, it } from 'vitest';
import { findMentioned, linkFirstMentions } from './mentions.js';
import { docFromParagraphs, type Inline, type RichTextDoc } from './richtext.js';

const planetarium = { names: ['北京天文馆', 'Beijing Planetarium'], href: '/zh/institutions/planetarium' };
const link = (text: string, href: string): Inline => ({ type: 'text', text, marks: [{ type: 'link', attrs: { href } }] });

describe('linkFirstMentions', () => {
  it('links only the first mention of each item, in Chinese and in English', () => {
    const doc = linkFirstMentions(docFromParagraphs(['今天北京天文馆开放，北京天文馆很大。', 'The Beijing Planetarium opened.']), [planetarium]);
    expect(doc.content[0]).toEqual({
      type: 'paragraph',
      content: [{ type: 'text', text: '今天' }, link('北京天文馆', planetarium.href), { type: 'text', text: '开放，北京天文馆很大。' }],
    });
    expect(doc.content[1]).toEqual(docFromParagraphs(['The Beijing Planetarium opened.']).content[0]);
  });

  it('matches English names as whole words, keeps other marks, and leaves links and headings alone', () => {
    const museum = { names: ['Museum'], href: '/en/institutions/museum' };
    const doc: RichTextDoc = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Museum news' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Museums and the ', marks: [{ type: 'bold' }] }, link('Museum', '/elsewhere'), { type: 'text', text: ' <b>Museum</b>' }] },
      ],
    };
    const out = linkFirstMentions(doc, [museum]);
    expect(out.content[0]).toEqual(doc.content[0]);
    expect(out.content[1]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Museums and the ', marks: [{ type: 'bold' }] },
        link('Museum', '/elsewhere'),
        { type: 'text', text: ' <b>' },
        link('Museum', museum.href),
        { type: 'text', text: '</b>' },
      ],
    });
  });
});

describe('findMentioned', () => {
  const items = [
    { id: 1, names: ['北京天文馆', '天文馆'] },
    { id: 2, names: ['天文'] },
    { id: 3, names: ['BJAST', 'the Academy'] },
  ];
  it('takes the longest name at each place, so a mention names one item', () => {
    expect(findMentioned('今天北京天文馆开放。', items)).toEqual([1]);
    expect(findMentioned('天文爱好者在天文馆。', items)).toEqual([1, 2]);
  });
  it('matches Latin names as whole words in any letter case', () => {
    expect(findMentioned('The academy and bjast met.', items)).toEqual([3]);
    expect(findMentioned('BJASTs of the Academys', items)).toEqual([]);
  });
});

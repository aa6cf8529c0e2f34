import { getSchema } from '@tiptap/core';
import { Node as PmNode } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { extensions } from '../admin/client/schema.js';
import { adminMessages } from '../admin/i18n.js';
import { checkDoc, checkMessage, CHECK_CODES, MAX_WARNINGS, type CheckWarning } from './checks.js';

const text = (t: string, href?: string, more: { type: string }[] = []) => ({ type: 'text', text: t, marks: [...more, ...(href ? [{ type: 'link', attrs: { href } }] : [])] });
const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const h = (level: number, t: string) => ({ type: 'heading', attrs: { level }, content: t ? [text(t)] : [] });
const img = (mediaId: number, alt: string | undefined) => ({ type: 'image', attrs: { mediaId, ...(alt === undefined ? {} : { alt }), caption: null } });
const cell = (type: 'tableCell' | 'tableHeader', t: string) => ({ type, content: [p(text(t))] });
const table = (header: boolean) => ({
  type: 'table',
  content: [
    { type: 'tableRow', content: [cell(header ? 'tableHeader' : 'tableCell', '年份'), cell(header ? 'tableHeader' : 'tableCell', '经费')] },
    { type: 'tableRow', content: [cell('tableCell', '2025'), cell('tableCell', '12')] },
  ],
});
const doc = (...content: unknown[]) => ({ type: 'doc', content });
const codes = (d: unknown) => checkDoc(d).warnings.map((w) => w.code);

// The editor's own schema: a warning's position must select what it names there.
const pm = getSchema(extensions({ thumbs: new Map(), messages: { imageAlt: '', imageCaption: '', imageAltRequired: '', removeImage: '' }, terms: [] }));
function selected(d: unknown, w: CheckWarning) {
  const node = PmNode.fromJSON(pm, d);
  if (w.select === 'node') return node.nodeAt(w.from)?.type.name;
  return w.from === w.to ? `caret in ${node.resolve(w.from).parent.type.name}` : node.textBetween(w.from, w.to);
}

describe('accessibility checks', () => {
  it('finds nothing in a well-made text, in either language', () => {
    const good = doc(
      h(2, '研究成果'),
      p(text('详见'), text('2025 年度报告', '/zh/news/report-2025'), text('。')),
      h(3, 'Funding'),
      p(text('Read the '), text('annual report', 'https://bjast.ac.cn/report'), text('.')),
      img(3, '实验室里的研究人员'),
      table(true),
      h(2, '联系我们'),
    );
    expect(checkDoc(good)).toEqual({ warnings: [], total: 0 });
    expect(checkDoc(doc())).toEqual({ warnings: [], total: 0 });
  });

  it('asks for alt text, and for more than a file name or a placeholder', () => {
    const d = doc(img(1, undefined), img(2, '  '), img(3, 'IMG_0042.JPG'), img(4, '图片'), img(5, 'photo.png'), img(6, 'DSC 1234'), img(7, '院士在实验室'));
    expect(checkDoc(d).warnings.map((w) => [w.code, w.subject, w.mediaId])).toEqual([
      ['IMAGE_ALT_MISSING', '#1', 1],
      ['IMAGE_ALT_MISSING', '#2', 2],
      ['IMAGE_ALT_FILENAME', 'IMG_0042.JPG', 3],
      ['IMAGE_ALT_FILENAME', '图片', 4],
      ['IMAGE_ALT_FILENAME', 'photo.png', 5],
      ['IMAGE_ALT_FILENAME', 'DSC 1234', 6],
    ]);
  });

  it('keeps headings in order under the title: no h1, no jump down, the first one an h2', () => {
    expect(codes(doc(h(3, '背景'), h(4, '细节')))).toEqual(['HEADING_FIRST_TOO_DEEP']);
    expect(codes(doc(h(2, 'A'), h(4, 'B'), h(3, 'C'), h(4, 'D'), h(2, 'E'), h(3, 'F')))).toEqual(['HEADING_SKIPPED']);
    expect(codes(doc(h(1, 'Title again'), h(2, 'Then')))).toEqual(['HEADING_LEVEL_1']);
    // Going back up any number of levels is fine; an empty heading is named as such, not as a jump.
    expect(codes(doc(h(2, 'A'), h(3, 'B'), h(4, 'C'), h(2, 'D'), h(4, ''), h(3, 'E')))).toEqual(['HEADING_EMPTY']);
    const skipped = checkDoc(doc(h(2, '概况'), h(4, '经费来源'))).warnings[0]!;
    expect([skipped.subject, skipped.level, skipped.previous]).toEqual(['经费来源', 4, 2]);
  });

  it('finds link text that does not say where it goes, in both languages, by the whole text', () => {
    const d = doc(
      p(text('点击这里', '/a')),
      p(text('Read more »', '/b')),
      p(text('【更多】', '/c')),
      p(text('HERE', '/d')),
      p(text('https://bjast.ac.cn/news/1', 'https://bjast.ac.cn/news/1')),
      p(text('www.bjast.ac.cn', 'https://www.bjast.ac.cn/')),
      p(text(' ', '/e')),
      p(text('點擊這裡', '/tw'), text(' / '), text('Download', '/file.pdf')),
      // Whole text, not substrings: these say where they go.
      p(text('更多科研成果', '/f'), text(' and '), text('read more about the prize', '/g'), text(' '), text('这里的展览', '/h')),
    );
    expect(checkDoc(d).warnings.map((w) => [w.code, w.subject])).toEqual([
      ['LINK_TEXT_VAGUE', '点击这里'],
      ['LINK_TEXT_VAGUE', 'Read more »'],
      ['LINK_TEXT_VAGUE', '【更多】'],
      ['LINK_TEXT_VAGUE', 'HERE'],
      ['LINK_TEXT_URL', 'https://bjast.ac.cn/news/1'],
      ['LINK_TEXT_URL', 'www.bjast.ac.cn'],
      ['LINK_TEXT_EMPTY', ''],
      ['LINK_TEXT_VAGUE', '點擊這裡'],
      ['LINK_TEXT_VAGUE', 'Download'],
    ]);
  });

  it('reads a link across nested marks as one, and names the same text leading to two places', () => {
    const d = doc(
      p(text('年度', '/report', [{ type: 'bold' }]), text('报告', '/report', [{ type: 'italic' }, { type: 'bold' }])),
      p(text('年度报告', '/report')),
      p(text('年度 报告！', '/other-report')),
      p(text('年度报告', '/third')),
    );
    const result = checkDoc(d);
    expect(result.warnings.map((w) => [w.code, w.subject, w.href])).toEqual([['LINK_TEXT_AMBIGUOUS', '年度 报告！', '/other-report']]);
    // Split by marks, "点击" + "这里" is still the vague "点击这里".
    expect(codes(doc(p(text('点击', '/x', [{ type: 'bold' }]), text('这里', '/x'))))).toEqual(['LINK_TEXT_VAGUE']);
  });

  it('asks for header cells in a table', () => {
    expect(checkDoc(doc(table(false))).warnings.map((w) => [w.code, w.subject])).toEqual([['TABLE_NO_HEADERS', '年份']]);
    expect(codes(doc(table(true)))).toEqual([]);
  });

  it('checks inside lists, quotes and table cells, in document order', () => {
    const d = doc(
      { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('click here', '/x'))] }] },
      { type: 'blockquote', content: [img(9, '')] },
      { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableHeader', content: [p(text('更多', '/y'))] }] }] },
    );
    expect(codes(d)).toEqual(['LINK_TEXT_VAGUE', 'IMAGE_ALT_MISSING', 'LINK_TEXT_VAGUE']);
  });

  it('gives positions that select what it names in the editor, and paths into the JSON', () => {
    const d = doc(
      p(text('开头 '), text('bold', undefined, [{ type: 'bold' }]), { type: 'hardBreak' }, text('点击', '/x', [{ type: 'bold' }]), text('这里', '/x')),
      { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('see '), text('here', '/y'))] }] },
      img(4, ''),
      h(4, '经费 来源'),
      table(false),
      { type: 'blockquote', content: [p(text('https://a.cn', 'https://a.cn'))] },
      h(3, ''),
    );
    const ws = checkDoc(d).warnings;
    expect(ws.map((w) => w.code)).toEqual(['LINK_TEXT_VAGUE', 'LINK_TEXT_VAGUE', 'IMAGE_ALT_MISSING', 'HEADING_FIRST_TOO_DEEP', 'TABLE_NO_HEADERS', 'LINK_TEXT_URL', 'HEADING_EMPTY']);
    expect(ws.map((w) => selected(d, w))).toEqual(['点击这里', 'here', 'image', '经费 来源', '年份经费202512', 'https://a.cn', 'caret in heading']);
    expect(ws.map((w) => w.path)).toEqual(['content[0].content[3]', 'content[1].content[0].content[0].content[1]', 'content[2]', 'content[3]', 'content[4]', 'content[5].content[0].content[0]', 'content[6]']);
  });

  it('reads hostile input without throwing: missing attributes, wrong types, deep nesting, huge documents', () => {
    for (const junk of [null, 42, 'doc', [], {}, { type: 'doc', content: 'x' }, { type: 'doc', content: [null, 7, { type: 'heading' }, { type: 'image' }, { type: 'paragraph', content: [{ type: 'text', marks: 'x' }, { type: 'text', text: 5, marks: [{ type: 'link' }] }] }] }])
      expect(() => checkDoc(junk)).not.toThrow();
    // A heading without a level counts as an h2; an image without attributes has no alt text.
    expect(codes({ type: 'doc', content: [{ type: 'heading', content: [text('A')] }, { type: 'image' }] })).toEqual(['IMAGE_ALT_MISSING']);
    let deep: unknown = img(1, '');
    for (let i = 0; i < 100_000; i++) deep = { type: 'blockquote', content: [deep] };
    expect(() => checkDoc(doc(deep))).not.toThrow();
    const huge = doc(...Array.from({ length: 20_000 }, (_, i) => p(text(`第 ${i} 段，`), text('更多', `/n/${i}`))));
    const result = checkDoc(huge);
    expect(result.total).toBe(20_000);
    expect(result.warnings).toHaveLength(MAX_WARNINGS);
    // The first ones in the text, whatever rule found them.
    const mixed = checkDoc(doc(p(text('more', '/m')), ...Array.from({ length: MAX_WARNINGS + 5 }, () => table(false))));
    expect([mixed.warnings[0]!.code, mixed.total]).toEqual(['LINK_TEXT_VAGUE', MAX_WARNINGS + 6]);
  });

  it('has words for every warning in both workspace languages, with what it is about', () => {
    for (const lang of ['zh', 'en'] as const) {
      const messages = adminMessages(lang).editor.checks;
      for (const code of CHECK_CODES) expect(messages[code], `${lang} ${code}`).toBeTruthy();
    }
    const [w] = checkDoc(doc(h(2, 'A'), h(4, '经费来源'))).warnings;
    expect(checkMessage(w!, adminMessages('en').editor.checks)).toContain('经费来源');
    expect(checkMessage(w!, adminMessages('zh').editor.checks)).toContain('经费来源');
  });
});

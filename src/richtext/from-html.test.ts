import { describe, expect, it } from 'vitest';
import { docFromHtml } from './from-html.js';
import { docToParagraphs, RichTextDocSchema } from './richtext.js';

describe('HTML to the stored document', () => {
  it('keeps the structure of a Word paste and drops its styles and markup', () => {
    const word = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head><body>
      <h1 class=MsoTitle>北京天文馆<o:p></o:p></h1>
      <p class=MsoNormal style='mso-line-height-rule:exactly'><span style='font-family:宋体'>天文馆于<b>1957年</b>正式开馆。</span><o:p></o:p></p>
      <p class=MsoListParagraph style='mso-list:l0 level1 lfo1'>• A馆</p>
      <ol><li>宇宙剧场</li><li><span style="font-weight:bold">3D</span>剧场</li></ol>
      <p class=MsoNormal><o:p>&nbsp;</o:p></p></body></html>`;
    const doc = docFromHtml(word);
    expect(RichTextDocSchema.safeParse(doc).success).toBe(true);
    expect(doc.content.map((b) => b.type)).toEqual(['heading', 'paragraph', 'paragraph', 'orderedList']);
    expect(docToParagraphs(doc)).toEqual(['北京天文馆', '天文馆于1957年正式开馆。', '• A馆', '宇宙剧场', '3D剧场']);
    expect(JSON.stringify(doc)).not.toMatch(/Mso|font-family|style/);
    expect(JSON.stringify(doc)).toContain('"marks":[{"type":"bold"}]');
  });

  it('drops scripts, event handlers, unsafe links and embedded SVG but keeps their neighbours\' text', () => {
    const doc = docFromHtml('<p onmouseover="x()">Safe <a href="javascript:alert(1)">link text</a> <a href="//evil.example">other</a> <a href="/zh/about">ours</a></p><script>alert(1)</script><svg onload="x()"><text>svg text</text></svg><iframe src="https://evil.example"></iframe>');
    const json = JSON.stringify(doc);
    expect(json).not.toMatch(/javascript:|evil|onmouseover|svg text|alert/);
    expect(docToParagraphs(doc)).toEqual(['Safe link text other ours']);
    expect(json).toContain('"href":"/zh/about"');
  });

  it('keeps text that looks like markup as text', () => {
    expect(docToParagraphs(docFromHtml('<p>1 &lt; 2 &amp;&amp; &lt;b&gt;</p>'))).toEqual(['1 < 2 && <b>']);
  });
});

describe('tables and images', () => {
  it('keeps a pasted Word table as rows and cells, dropping its layout attributes', () => {
    const doc = docFromHtml(
      '<table class="MsoTableGrid" style="border:none" width="600"><caption>开放时间</caption><tr><th style="color:red">馆</th><th>时间</th></tr>' +
        '<tr><td width="120"><p class="MsoNormal">天象厅<o:p></o:p></p></td><td colspan="2" onclick="x()">9:00–16:30</td></tr></table>',
    );
    expect(RichTextDocSchema.parse(doc)).toEqual(doc);
    expect(doc.content[0]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: '开放时间' }] });
    const table = doc.content[1];
    expect(table?.type).toBe('table');
    if (table?.type !== 'table') return;
    expect(table.content.map((r) => r.content.map((c) => c.type))).toEqual([['tableHeader', 'tableHeader'], ['tableCell', 'tableCell']]);
    expect(table.content[1]?.content[1]?.attrs).toEqual({ colspan: 2 });
    expect(docToParagraphs(doc)).toEqual(['开放时间', '馆', '时间', '天象厅', '9:00–16:30']);
    expect(JSON.stringify(doc)).not.toMatch(/onclick|style|Mso|width/);
  });

  it('drops a table with no text, and images that are not in the media library', () => {
    expect(docFromHtml('<table><tr><td> </td></tr></table><p>正文<img src="file:///C:/x.png" onerror="alert(1)"></p>').content).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: '正文' }] },
    ]);
  });

  it('refuses an image without alt text and a table cell span out of range', () => {
    const image = (alt: string) => ({ type: 'doc', content: [{ type: 'image', attrs: { mediaId: 3, alt } }] });
    expect(RichTextDocSchema.safeParse(image('天文馆外景')).success).toBe(true);
    expect(RichTextDocSchema.safeParse(image('   ')).success).toBe(false);
    const cell = (colspan: number) => ({ type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan }, content: [] }] }] }] });
    expect(RichTextDocSchema.safeParse(cell(2)).success).toBe(true);
    expect(RichTextDocSchema.safeParse(cell(0)).success).toBe(false);
  });
});

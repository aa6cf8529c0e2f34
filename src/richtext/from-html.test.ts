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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/errors.js';
import { docFromEditorJson, docFromEditorJsonText } from './from-editor.js';
import { docFromHtml } from './from-html.js';
import { docImages, RichTextDocSchema, type RichTextDoc } from './richtext.js';

/** Calls the normaliser; anything thrown but the app's validation error fails the property. */
function outcome(value: unknown): { doc: RichTextDoc } | { refused: string } {
  try {
    return { doc: docFromEditorJson(value) };
  } catch (e) {
    if (isAppError(e) && e.code === 'RICHTEXT_INVALID' && e.kind === 'invalid') return { refused: e.message };
    throw e;
  }
}

// What TipTap may send: our nodes, some it knows and we do not, attributes of every kind.
const junkAttrs = fc.dictionary(fc.constantFrom('textAlign', 'colwidth', 'start', 'level', 'colspan', 'rowspan', 'mediaId', 'alt', 'caption', 'href', 'class', 'style'), fc.oneof(fc.string(), fc.integer({ min: -5, max: 100 }), fc.constant(null), fc.array(fc.integer())));
const href = fc.oneof(fc.constantFrom('https://bjast.ac.cn/', 'mailto:a@b.cn', '/zh/news/', '#top', 'javascript:alert(1)', '//evil.example', ' https://x.cn ', 'data:text/html,x'), fc.string());
const markArb = fc.oneof(
  fc.constantFrom('bold', 'italic', 'underline', 'strike', 'code', 'textStyle', 'highlight').map((type) => ({ type })),
  fc.record({ type: fc.constant('link'), attrs: fc.record({ href, target: fc.constant('_blank') }) }),
);
const text = fc.record({ type: fc.constant('text'), text: fc.string({ maxLength: 12 }), marks: fc.option(fc.array(markArb, { maxLength: 4 }), { nil: undefined }) });
const inlineArb = fc.oneof({ weight: 6, arbitrary: text }, { weight: 1, arbitrary: fc.constant({ type: 'hardBreak' }) });

const { tree } = fc.letrec<{ tree: unknown; block: unknown }>((tie) => ({
  tree: fc.record({ type: fc.constant('doc'), content: fc.array(tie('block'), { maxLength: 5 }) }),
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ type: fc.constant('paragraph'), attrs: junkAttrs, content: fc.option(fc.array(inlineArb, { maxLength: 4 }), { nil: undefined }) }),
    fc.record({ type: fc.constant('heading'), attrs: fc.record({ level: fc.oneof(fc.integer({ min: -2, max: 9 }), fc.string()), textAlign: fc.constant('center') }), content: fc.array(inlineArb, { maxLength: 3 }) }),
    fc.record({ type: fc.constant('blockquote'), content: fc.array(tie('block'), { maxLength: 3 }) }),
    fc.record({ type: fc.constantFrom('bulletList', 'orderedList'), attrs: fc.record({ start: fc.integer() }), content: fc.array(fc.record({ type: fc.constant('listItem'), content: fc.array(tie('block'), { maxLength: 3 }) }), { maxLength: 3 }) }),
    fc.record({ type: fc.constant('image'), attrs: fc.record({ mediaId: fc.oneof(fc.integer({ min: -3, max: 2 ** 32 }), fc.constantFrom('12', 'x', null)), alt: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null)), caption: fc.option(fc.string({ maxLength: 20 })) }) }),
    fc.record({
      type: fc.constant('table'),
      content: fc.array(
        fc.record({
          type: fc.constant('tableRow'),
          content: fc.array(fc.record({ type: fc.constantFrom('tableCell', 'tableHeader'), attrs: fc.record({ colspan: fc.integer({ min: -1, max: 80 }), rowspan: fc.integer({ min: 0, max: 3 }), colwidth: fc.constant([120]) }), content: fc.array(tie('block'), { maxLength: 2 }) }), { maxLength: 3 }),
        }),
        { maxLength: 3 },
      ),
    }),
    // Nodes we have no place for, and nodes in the wrong place.
    fc.record({ type: fc.constantFrom('codeBlock', 'horizontalRule', 'text', 'listItem', 'tableRow', 'script'), content: fc.array(tie('block'), { maxLength: 1 }) }),
  ),
}));

/** Every text, in order, from the JSON (what a person typed). */
function textsOf(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const v = value as { text?: unknown; content?: unknown };
  return typeof v.text === 'string' && v.text ? [v.text] : Array.isArray(v.content) ? v.content.flatMap(textsOf) : [];
}

describe('the editor JSON normaliser', () => {
  it('never throws anything but a validation error, and what it returns always passes the schema', () => {
    fc.assert(
      fc.property(fc.oneof(tree, fc.anything(), fc.jsonValue()), (value) => {
        const r = outcome(value);
        if ('doc' in r) expect(RichTextDocSchema.safeParse(r.doc).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent: a normalised document comes back unchanged', () => {
    fc.assert(
      fc.property(tree, (value) => {
        const r = outcome(value);
        if ('doc' in r) expect(docFromEditorJson(r.doc)).toEqual(r.doc);
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps every typed character of a document it accepts', () => {
    fc.assert(
      fc.property(tree, (value) => {
        const r = outcome(value);
        if (!('doc' in r)) return;
        expect(textsOf(r.doc).join('')).toBe(textsOf(value).join(''));
      }),
      { numRuns: 1500, examples: [[{ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }, { type: 'hardBreak' }, { type: 'text', text: 'b', marks: [{ type: 'strike' }] }] }] }]] },
    );
  });

  it('maps what TipTap sends: drops foreign attributes, clamps heading levels, keeps safe links only', () => {
    const doc = docFromEditorJson({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1, textAlign: 'center' }, content: [{ type: 'text', text: 'Title' }] },
        { type: 'heading', attrs: { level: 6 }, content: [{ type: 'text', text: 'Small' }] },
        { type: 'orderedList', attrs: { start: 3, type: null }, content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'bad', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)', target: '_blank' } }, { type: 'bold' }, { type: 'bold' }] },
            { type: 'text', text: 'good', marks: [{ type: 'link', attrs: { href: 'https://bjast.ac.cn/', rel: 'noopener', class: null } }] },
          ],
        },
        { type: 'image', attrs: { mediaId: 7, alt: '', caption: 'no alt' } },
        { type: 'image', attrs: { mediaId: null, alt: 'no id' } },
        { type: 'image', attrs: { mediaId: 8, alt: 'Telescope', caption: '', thumbUrl: '/x' } },
        { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableHeader', attrs: { colspan: 1, rowspan: 1, colwidth: [200] }, content: [] }, { type: 'tableCell', attrs: { colspan: 2, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph' }] }] }] },
      ],
    });
    expect(doc).toEqual({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Title' }] },
        { type: 'heading', attrs: { level: 4 }, content: [{ type: 'text', text: 'Small' }] },
        { type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'bad', marks: [{ type: 'bold' }] }, { type: 'text', text: 'good', marks: [{ type: 'link', attrs: { href: 'https://bjast.ac.cn/' } }] }] },
        { type: 'image', attrs: { mediaId: 8, alt: 'Telescope', caption: null } },
        { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableHeader', content: [{ type: 'paragraph' }] }, { type: 'tableCell', attrs: { colspan: 2 }, content: [{ type: 'paragraph' }] }] }] },
      ],
    });
  });

  it('refuses what it cannot map, saying where', () => {
    const refused = (v: unknown) => {
      const r = outcome(v);
      return 'refused' in r ? r.refused : 'accepted';
    };
    expect(refused({ type: 'doc', content: [{ type: 'paragraph' }, { type: 'codeBlock', content: [{ type: 'text', text: 'x' }] }] })).toMatch(/"codeBlock".*body\.content\[1\]/);
    expect(refused({ type: 'doc', content: [{ type: 'bulletList', content: [{ type: 'paragraph' }] }] })).toMatch(/list item/);
    expect(refused({ type: 'paragraph' })).toMatch(/not a "doc"/);
    expect(refused({ type: 'doc', content: 'text' })).toMatch(/not a list/);
    expect(refused({ type: 'doc', content: [{ type: 'image', attrs: { mediaId: 3, alt: 'x'.repeat(501) } }] })).toMatch(/alt text/);
    expect(() => docFromEditorJsonText('{"type":"doc"')).toThrow(/not JSON/);
    let deep: unknown = { type: 'paragraph' };
    for (let i = 0; i < 5000; i++) deep = { type: 'blockquote', content: [deep] };
    expect(refused({ type: 'doc', content: [deep] })).toMatch(/nested too deeply/);
  });

  it('reads back what the plain editor shows of images and tables (the no-JavaScript form)', () => {
    const doc = docFromHtml('<p>Before</p><img data-media-id="12" alt="The dome" data-caption="Built 1957"><img src="file:///C:/x.png" alt="from Word"><table><tr><th colspan="2">A</th></tr><tr><td>1</td><td>2</td></tr></table>');
    expect(docImages(doc)).toEqual([{ type: 'image', attrs: { mediaId: 12, alt: 'The dome', caption: 'Built 1957' } }]);
    expect(doc.content.map((b) => b.type)).toEqual(['paragraph', 'image', 'table']);
  });
});

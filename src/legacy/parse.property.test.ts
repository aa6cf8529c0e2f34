// Properties of the parser and the decoder: they fail only with LegacyFormatError, never with
// anything else, and a well-formed page loses no word and no paragraph, whatever its text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  articleDocument,
  contentOf,
  directoryDocument,
  fragmentSoup,
  legacyDocument,
  type GeneratedArticle,
  type GeneratedDirectory,
} from '../../test/fixtures/legacy-documents.js';
import { normaliseInline, wordsOf } from '../shared/text.js';
import { LegacyFormatError, type LegacyDocument } from './legacy.types.js';
import { decodeLegacyBytes, parseLegacyText } from './parse.js';

const RUNS = { numRuns: 200 };

/** Runs `work`; anything thrown must be a LegacyFormatError that names the file. */
function returnsOrRefuses<T>(work: () => T, file: string): T | undefined {
  try {
    return work();
  } catch (e) {
    if (!(e instanceof LegacyFormatError)) throw e;
    expect(e.message.startsWith(file)).toBe(true);
    expect(e.reason.length).toBeGreaterThan(0);
    return undefined;
  }
}

/** The text the parser kept, in page order. */
function keptText(doc: LegacyDocument): string[] {
  if (doc.kind === 'directory') return doc.entries.flatMap((e) => [String(e.number), e.name, ...e.paragraphs]);
  return [doc.title, ...doc.paragraphs, doc.next ?? '', doc.previous ?? ''];
}

/** Every word of `kept` is a word of `source`, at most as often: nothing is invented. */
function isSubMultiset(kept: string[], source: string[]) {
  // NFKC: a full-width heading number "１" is kept as the entry's number 1.
  const left = new Map<string, number>();
  for (const w of source) left.set(w.normalize('NFKC'), (left.get(w.normalize('NFKC')) ?? 0) + 1);
  return kept.map((w) => w.normalize('NFKC')).every((w) => {
    const n = left.get(w) ?? 0;
    left.set(w, n - 1);
    return n > 0;
  });
}

describe('parseLegacyText on any text', () => {
  it('returns or throws LegacyFormatError, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        returnsOrRefuses(() => parseLegacyText(text, 'any.txt'), 'any.txt');
      }),
      RUNS,
    );
  });

  it('returns or throws LegacyFormatError for a soup of the formats\' fragments, and invents no word', () => {
    fc.assert(
      fc.property(fragmentSoup, (text) => {
        const doc = returnsOrRefuses(() => parseLegacyText(text, 'soup.txt'), 'soup.txt');
        if (doc) expect(isSubMultiset(wordsOf(keptText(doc).join('\n')), wordsOf(text))).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('decodeLegacyBytes on any bytes', () => {
  it('returns non-blank text without NUL, or throws LegacyFormatError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const text = returnsOrRefuses(() => decodeLegacyBytes(bytes, 'bytes.txt'), 'bytes.txt');
        if (text !== undefined) {
          expect(text.includes('\u0000')).toBe(false);
          expect(text.trim()).not.toBe('');
        }
      }),
      RUNS,
    );
  });

  it('gives back valid UTF-8 text exactly, and refuses it cut in the middle of a character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), fc.nat(), (text, cutAt) => {
        fc.pre(!text.includes('\u0000') && text.replace(/^\ufeff/, '').trim() !== '' && !/[\u0001-\u0008\u000e-\u001f]/.test(text));
        const bytes = new TextEncoder().encode(text);
        expect(decodeLegacyBytes(bytes, 'utf8.txt')).toBe(text.replace(/^\ufeff/, ''));
        // Cut inside the last multi-byte character, if there is one.
        const lastLead = bytes.findLastIndex((b) => b >= 0xc0);
        if (lastLead < 0) return;
        const length = bytes[lastLead]! >= 0xf0 ? 4 : bytes[lastLead]! >= 0xe0 ? 3 : 2;
        const cut = bytes.subarray(0, lastLead + 1 + (cutAt % (length - 1)));
        const before = new TextDecoder().decode(bytes.subarray(0, lastLead));
        fc.pre(before.trim() !== '');
        expect(() => decodeLegacyBytes(cut, 'cut.txt')).toThrow(/truncated/);
      }),
      RUNS,
    );
  });

  it('decodes and parses any bytes without throwing anything but LegacyFormatError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fragmentSoup.map((s) => new TextEncoder().encode(s))), (bytes) => {
        returnsOrRefuses(() => parseLegacyText(decodeLegacyBytes(bytes, 'mixed.txt'), 'mixed.txt'), 'mixed.txt');
      }),
      RUNS,
    );
  });
});

describe('well-formed pages keep every word', () => {
  it('keeps every word of any generated page, in order', () => {
    fc.assert(
      fc.property(legacyDocument, (generated) => {
        const doc = parseLegacyText(generated.source, 'page.txt');
        expect(doc.kind).toBe(generated.kind);
        expect(wordsOf(keptText(doc).join('\n'))).toEqual(wordsOf(contentOf(generated).join('\n')));
      }),
      RUNS,
    );
  });

  it('reads a generated directory exactly: numbers, names, paragraphs, empty entries', () => {
    fc.assert(
      fc.property(directoryDocument, (generated: GeneratedDirectory) => {
        const doc = parseLegacyText(generated.source, 'dir.txt');
        expect(doc).toEqual({
          kind: 'directory',
          entries: generated.entries.map((e) => ({
            number: e.number,
            name: normaliseInline(e.name),
            paragraphs: e.paragraphs.map(normaliseInline),
            line: expect.any(Number),
          })),
        });
      }),
      RUNS,
    );
  });

  it('reads a generated article exactly: title, paragraphs, date, neighbours', () => {
    fc.assert(
      fc.property(articleDocument, (generated: GeneratedArticle) => {
        const doc = parseLegacyText(generated.source, 'article.txt');
        const neighbour = (t: string | null) => (t === null ? null : normaliseInline(t) || null);
        expect(doc).toEqual({
          kind: 'article',
          layout: generated.layout,
          title: normaliseInline(generated.title),
          paragraphs: generated.paragraphs.map(normaliseInline),
          date: generated.date,
          next: neighbour(generated.next),
          previous: neighbour(generated.previous),
          legacyUrl: null,
          legacyId: null,
        });
      }),
      RUNS,
    );
  });
});

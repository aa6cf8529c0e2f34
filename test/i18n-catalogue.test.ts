// Every word a person reads comes from a message catalogue, in every language: a key missing in
// one language, or a word typed straight into a view, fails here with where it is.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { editorMessagesFor } from '../src/admin/editor-messages.js';
import { accountMessages } from '../src/admin/i18n-account.js';
import { fieldMessages } from '../src/admin/i18n-fields.js';
import { redirectMessages } from '../src/admin/i18n-redirects.js';
import { translationMessages } from '../src/admin/i18n-translations.js';
import { adminMessages } from '../src/admin/i18n.js';
import { LANGS, type Lang } from '../src/shared/lang.js';
import { translator } from '../src/site/i18n.js';

const catalogues: Record<string, (lang: Lang) => unknown> = {
  'site (src/site/i18n.ts)': (lang) => translator(lang).m,
  'admin (src/admin/i18n.ts)': adminMessages,
  'account (src/admin/i18n-account.ts)': accountMessages,
  'fields (src/admin/i18n-fields.ts)': fieldMessages,
  'redirects (src/admin/i18n-redirects.ts)': redirectMessages,
  'translations (src/admin/i18n-translations.ts)': translationMessages,
  'editor (src/admin/editor-messages.ts)': (lang) => editorMessagesFor(adminMessages(lang)),
};

/** Each leaf's dotted path and what it is: a string, a function of n arguments, or empty text. */
function leaves(value: unknown, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'function') out.set(path, `function/${value.length}`);
  else if (typeof value === 'string') out.set(path, value.trim() === '' ? 'empty string' : 'string');
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}[${i}]`).forEach((kind, p) => out.set(p, kind)));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k).forEach((kind, p) => out.set(p, kind));
  else out.set(path, typeof value);
  return out;
}

describe('message catalogues', () => {
  it.each(Object.entries(catalogues))('%s has every key, of the same kind, in every language', (_name, catalogue) => {
    const byLang = LANGS.map((lang) => [lang, leaves(catalogue(lang))] as const);
    const problems: string[] = [];
    for (const [lang, own] of byLang)
      for (const [otherLang, other] of byLang) {
        if (lang === otherLang) continue;
        for (const [key, kind] of own) {
          if (!other.has(key)) problems.push(`${key}: in ${lang}, missing in ${otherLang}`);
          else if (lang < otherLang && other.get(key) !== kind) problems.push(`${key}: ${kind} in ${lang}, ${other.get(key)} in ${otherLang}`);
        }
      }
    for (const [lang, own] of byLang) for (const [key, kind] of own) if (kind === 'empty string') problems.push(`${key}: empty in ${lang}`);
    expect(problems).toEqual([]);
  });

  it('notices a key missing in one language, nested or not', () => {
    const zh = leaves({ a: '甲', nested: { b: '乙', f: (n: number) => `${n}` } });
    const en = leaves({ a: 'A', nested: { f: () => '' } });
    expect([...zh.keys()].filter((k) => !en.has(k))).toEqual(['nested.b']);
    expect(en.get('nested.f')).not.toBe(zh.get('nested.f'));
  });
});

/**
 * JSX text that is only punctuation, symbols or digits needs no translation. Letters in it are
 * allowed only for these texts, each with its reason.
 */
const ALLOWED_TEXT = new Set<string>([
  // Names of feed formats, the same in every language.
  'RSS',
  'Atom',
]);

const READ_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'aria-placeholder', 'title', 'alt', 'placeholder', 'label']);

/**
 * Every JSX text node with a letter in it (Chinese or English), outside `{...}` expressions; and
 * every string literal with Chinese in it, which in a view can only be meant for a reader; and
 * literal words in the attributes people read (aria-label, title, alt, placeholder).
 */
function hardCodedTexts(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${text}`);
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const text = node.getText(sf).replace(/\s+/g, ' ').trim();
      if (/\p{L}/u.test(text) && !ALLOWED_TEXT.has(text)) report(node, text);
    } else if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(sf)) && node.initializer && ts.isStringLiteral(node.initializer) && /\p{L}/u.test(node.initializer.text)) {
      report(node, `${node.name.getText(sf)}="${node.initializer.text}"`);
    } else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && /\p{Script=Han}/u.test(node.text)) report(node, node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('views and the routes that build pages', () => {
  // The views, and the routes that build pages around them (titles, notices, forms).
  const dirs = ['src/site/views', 'src/admin/views', 'src/site', 'src/http'];
  it('print no words of their own: every word comes from a catalogue', () => {
    const found = dirs.flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.tsx'))
        .flatMap((f) => hardCodedTexts(join(dir, f), readFileSync(join(dir, f), 'utf8'))),
    );
    expect(found).toEqual([]);
  });

  it('notices a word typed into JSX, and not one inside an expression', () => {
    const src = 'const a = <p>{t.m.x} · <b>Read more</b>{n}</p>;\nconst b = <p>\n  更多\n</p>;';
    expect(hardCodedTexts('x.tsx', src)).toEqual(['x.tsx:1: Read more', 'x.tsx:3: 更多']);
  });

  it('notices Chinese in a string literal, in JSX or not', () => {
    const src = 'const a = <p class="x">{zh ? "注意" : "Note"}</p>;';
    expect(hardCodedTexts('x.tsx', src)).toEqual(['x.tsx:1: 注意']);
  });

  it('notices a word in an attribute people read, and not in a class', () => {
    const src = '<nav class="pagination" aria-label="pages" title={t.m.x} />';
    expect(hardCodedTexts('x.tsx', src)).toEqual(['x.tsx:1: aria-label="pages"']);
    expect(hardCodedTexts('x.tsx', '<optgroup label="Years" class="years" />')).toEqual(['x.tsx:1: label="Years"']);
  });
});

describe('dates and numbers', () => {
  it('are written as each language writes them, in Beijing time', () => {
    // 2020-04-09 08:00 in Beijing is still the 9th there, whatever the server's zone.
    expect(translator('zh').date('2020-04-09T00:00:00Z')).toBe('2020年4月9日');
    expect(translator('en').date('2020-04-09T00:00:00Z')).toBe('April 9, 2020');
    expect(translator('en').date('2020-04-08T16:00:00Z')).toBe('April 9, 2020');
    expect(translator('en').number(12345)).toBe('12,345');
    expect(translator('en').m.pageOf(2, 1200)).toBe('Page 2 of 1,200');
    expect(adminMessages('en').number(100000)).toBe('100,000');
  });
});

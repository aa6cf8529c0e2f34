import { describe, expect, it } from 'vitest';
import { beijingLocalToIso, isoToBeijingLocal } from './clock.js';
import { langFromAcceptLanguage } from './lang.js';
import { slugify, uniqueSlug } from './slug.js';
import { guessLang, normaliseInline } from './text.js';

describe('slugs', () => {
  it('makes readable ASCII slugs from English and pinyin from Chinese', () => {
    expect(slugify('The BJAST & Beijing School Signed a Contract', 1)).toBe('the-bjast-and-beijing-school-signed-a-contract');
    expect(slugify('北京天文馆', 1)).toBe('bei-jing-tian-wen-guan');
    expect(slugify('北京科学院与Beijing School签约2020', 1)).toBe('bei-jing-ke-xue-yuan-yu-beijing-school-qian-yue-2020');
    expect(slugify('绿色出行', 1)).toBe('lv-se-chu-xing'); // ü is typed v in pinyin: lü ≠ lu
    expect(slugify('“”！？', 42)).toBe('42');
    expect(slugify('x'.repeat(200), 1).length).toBeLessThanOrEqual(80);
  });
  it('finds the first free variant', async () => {
    const taken = new Set(['a', 'a-2']);
    expect(await uniqueSlug('a', async (s) => taken.has(s))).toBe('a-3');
  });
});

describe('text and language', () => {
  it('normalises non-breaking spaces and indentation but keeps the words', () => {
    expect(normaliseInline('\u00a0\u00a0  the\u00a0 demand  ,\tand\u3000 ')).toBe('the demand , and');
    expect(normaliseInline('\u3000\u3000北京天文馆\u3000位于')).toBe('北京天文馆\u3000位于');
  });
  it('guesses the language of a text', () => {
    expect(guessLang('北京市科学技术研究院成立于1984年')).toBe('zh');
    expect(guessLang('The Academy was founded in 1984 (北京)')).toBe('en');
  });
  it('reads Accept-Language with q-values', () => {
    expect(langFromAcceptLanguage('en;q=0.4, zh-TW;q=0.8')).toBe('zh');
    expect(langFromAcceptLanguage('en-US,en;q=0.9')).toBe('en');
    expect(langFromAcceptLanguage('*')).toBe('zh');
    expect(langFromAcceptLanguage(undefined)).toBe('zh');
  });
  it('reads Beijing wall-clock time as UTC+8 and refuses impossible dates', () => {
    expect(beijingLocalToIso('2020-04-09', '10:30')).toBe('2020-04-09T02:30:00.000Z');
    expect(beijingLocalToIso('2021-02-30', '00:00')).toBeUndefined();
    expect(beijingLocalToIso('2021-01-01', '24:00')).toBeUndefined();
    // And back: a late evening in UTC is the next morning in Beijing.
    expect(isoToBeijingLocal('2020-04-09T02:30:00.000Z')).toBe('2020-04-09 10:30');
    expect(isoToBeijingLocal('2020-12-31T20:05:00.000Z')).toBe('2021-01-01 04:05');
  });
});

// The relevance measures themselves, on hand-checked examples, before they judge the search.
import { describe, expect, it } from 'vitest';
import { SEARCH_CORPUS } from './fixtures/search-corpus.js';
import { JUDGEMENTS } from './fixtures/search-judgements.js';
import { mean, ndcgAt, recallAt } from './helpers/relevance.js';

describe('relevance measures', () => {
  it('counts the relevant documents found in the first k', () => {
    expect(recallAt(10, ['a', 'x', 'b'], { a: 3, b: 1, c: 2 })).toBeCloseTo(2 / 3);
    expect(recallAt(1, ['x', 'a'], { a: 3 })).toBe(0);
  });

  it('gives 1 to the ideal order and less to any other', () => {
    const judged = { a: 3, b: 2, c: 1 };
    expect(ndcgAt(10, ['a', 'b', 'c'], judged)).toBeCloseTo(1);
    expect(ndcgAt(10, ['c', 'b', 'a'], judged)).toBeLessThan(1);
    // DCG of [c, b, a] = 1/1 + 3/log2(3) + 7/2; ideal = 7 + 3/log2(3) + 1/2.
    expect(ndcgAt(10, ['c', 'b', 'a'], judged)).toBeCloseTo((1 + 3 / Math.log2(3) + 7 / 2) / (7 + 3 / Math.log2(3) + 1 / 2));
    expect(ndcgAt(10, ['x', 'y'], judged)).toBe(0);
    expect(mean([1, 0.5])).toBe(0.75);
  });

  it('judges at least 40 queries in both languages, each against documents of the corpus', () => {
    const keys = new Set(SEARCH_CORPUS.map((d) => d.key));
    expect(keys.size).toBe(SEARCH_CORPUS.length);
    expect(JUDGEMENTS.length).toBeGreaterThanOrEqual(40);
    expect(JUDGEMENTS.filter((j) => /[\u4e00-\u9fff]/.test(j.query)).length).toBeGreaterThanOrEqual(20);
    expect(JUDGEMENTS.filter((j) => /^[\x20-\x7e]+$/.test(j.query)).length).toBeGreaterThanOrEqual(20);
    for (const j of JUDGEMENTS) for (const key of Object.keys(j.relevant)) expect(keys.has(key), `${j.query}: ${key}`).toBe(true);
  });
});

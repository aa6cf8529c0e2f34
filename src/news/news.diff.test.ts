import { describe, expect, it } from 'vitest';
import { diffWords } from './news.diff.js';

describe('word-level differences', () => {
  it('marks changed English words, not whole lines', () => {
    expect(diffWords('The Planetarium opened in 1957.', 'The Planetarium reopened in 2004.')).toEqual([
      { op: 'same', text: 'The Planetarium ' },
      { op: 'removed', text: 'opened' },
      { op: 'added', text: 'reopened' },
      { op: 'same', text: ' in ' },
      { op: 'removed', text: '1957' },
      { op: 'added', text: '2004' },
      { op: 'same', text: '.' },
    ]);
  });
  it('splits Chinese into words although it has no spaces', () => {
    const parts = diffWords('北京天文馆于1957年正式开馆。', '北京天文馆于2004年正式开放。');
    expect(parts.filter((p) => p.op !== 'same').map((p) => `${p.op}:${p.text}`)).toEqual(['removed:1957', 'added:2004', 'removed:开馆', 'added:开放']);
    expect(parts.filter((p) => p.op !== 'added').map((p) => p.text).join('')).toBe('北京天文馆于1957年正式开馆。');
  });
});

import { describe, expect, it } from 'vitest';
import { cachedPage, chooseEncoding, PageCache } from './page-cache.js';

const page = (text: string) => cachedPage(text.repeat(200), 'text/html', []);

describe('page cache', () => {
  it('counts a page compressed by many requests at once only once, and keeps its bound', async () => {
    const cache = new PageCache(1_000_000);
    const p = page('<p>Beijing Planetarium</p>');
    cache.set('/a', p);
    const before = cache.usedBytes;
    const all = await Promise.all(Array.from({ length: 5 }, () => cache.encoded('/a', p, 'br')));
    expect(new Set(all).size).toBe(1);
    expect(cache.usedBytes).toBe(before + p.br!.length);
    cache.delete('/a');
    expect(cache.usedBytes).toBe(0);
  });

  it('does not count a compression for a page that was replaced meanwhile', async () => {
    const cache = new PageCache(1_000_000);
    const old = page('old ');
    cache.set('/a', old);
    const pending = cache.encoded('/a', old, 'gzip');
    const fresh = page('fresh ');
    cache.set('/a', fresh);
    const used = cache.usedBytes;
    await pending;
    expect(cache.usedBytes).toBe(used);
    cache.delete('/a');
    expect(cache.usedBytes).toBe(0);
  });

  it('takes the best encoding the browser accepts', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('*;q=0')).toBe('identity');
    expect(chooseEncoding(undefined)).toBe('identity');
  });
});

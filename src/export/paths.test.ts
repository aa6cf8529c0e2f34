import { describe, expect, it } from 'vitest';
import { fileForUrl, matchPattern } from './paths.js';

describe('export paths', () => {
  it('puts each address where try_files finds it', () => {
    expect(fileForUrl('/en/')).toBe('en/index.html');
    expect(fileForUrl('/en/news/page/2/')).toBe('en/news/page/2/index.html');
    expect(fileForUrl('/en/news/a-story')).toBe('en/news/a-story.html');
    expect(fileForUrl('/en/feed.xml')).toBe('en/feed.xml');
    expect(fileForUrl('/sitemaps/3.xml')).toBe('sitemaps/3.xml');
  });

  it('reads parameters as the router does, with patterns and suffixes', () => {
    expect(matchPattern('/:lang/news/:slug', '/en/news/a-story')).toEqual({ lang: 'en', slug: 'a-story' });
    expect(matchPattern('/:lang/news/:slug', '/en/news/')).toBeUndefined();
    expect(matchPattern('/sitemaps/:part(^\\d{1,6}).xml', '/sitemaps/12.xml')).toEqual({ part: '12' });
    expect(matchPattern('/sitemaps/:part(^\\d{1,6}).xml', '/sitemaps/x.xml')).toBeUndefined();
    expect(matchPattern('/sitemaps/:part(^\\d{1,6}).xml', '/sitemaps/12.txt')).toBeUndefined();
    expect(matchPattern('/:lang/%E5%8C%97', '/zh/%E5%8C%97')).toEqual({ lang: 'zh' });
  });
});

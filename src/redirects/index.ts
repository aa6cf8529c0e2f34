// Owns redirects from old addresses; imports db/ and shared/ only.
export * from './redirects.repo.js';

/** The path part of an old-site address ("http://host/Html/Article/…" → "/Html/Article/…"). */
export function legacyPath(url: string): string | undefined {
  try {
    const u = new URL(url, 'http://legacy.invalid');
    return u.pathname === '/' ? undefined : u.pathname;
  } catch {
    return undefined;
  }
}

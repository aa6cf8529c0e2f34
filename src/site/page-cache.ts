// Rendered public pages kept in memory, least recently used out first, bounded in bytes. Each page
// keeps the versions of what it depends on; when the site's state changes, exactly the pages
// whose dependencies changed are dropped (prune), the others keep being served as they are.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { DepVersions, SiteState } from './state.js';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export type Encoding = 'br' | 'gzip' | 'identity';

export interface CachedPage {
  body: Buffer;
  type: string;
  /** Strong validator of the body; each compressed form adds its own suffix. */
  etag: string;
  deps: DepVersions;
  /** Roughly what the page takes in memory besides its bodies (its dependencies above all). */
  overhead: number;
  gzip?: Buffer;
  br?: Buffer;
  /** Compressions under way: each is made once, however many requests ask for it meanwhile. */
  pending?: Partial<Record<'gzip' | 'br', Promise<Buffer>>>;
}

export function cachedPage(body: string | Buffer, type: string, deps: DepVersions): CachedPage {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  let overhead = 256;
  // Each dependency: its pair, and two strings of a 16-byte header and a byte a character (or two).
  for (const [key, version] of deps) overhead += 80 + 2 * (key.length + version.length);
  return { body: bytes, type, deps, overhead, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"` };
}

/** Browsers send a handful of distinct Accept-Encoding values: each is parsed once. */
const chosen = new Map<string, Encoding>();

/** The best encoding the client accepts (brotli, then gzip), honouring q=0. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  let encoding = chosen.get(acceptEncoding);
  if (encoding === undefined) {
    // Bounded: odd values sent on purpose cannot grow it.
    if (chosen.size >= 100) chosen.clear();
    chosen.set(acceptEncoding, (encoding = parseAcceptEncoding(acceptEncoding)));
  }
  return encoding;
}

function parseAcceptEncoding(acceptEncoding: string): Encoding {
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    if (name) accepted.set(name.trim(), q ? Number(q[1]) : 1);
  }
  const ok = (e: string) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

export function etagFor(page: CachedPage, encoding: Encoding) {
  return encoding === 'identity' ? page.etag : `${page.etag.slice(0, -1)}-${encoding}"`;
}

/** Whether If-None-Match names this page (in any of its encodings: the content is the same). */
export function notModified(page: CachedPage, ifNoneMatch: string | undefined): boolean {
  if (!ifNoneMatch) return false;
  const base = page.etag.slice(1, -1);
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t.replace(/^"|"$/g, '').replace(/-(gzip|br)$/, '') === base;
  });
}

const compress = (body: Buffer, encoding: 'gzip' | 'br') =>
  encoding === 'gzip'
    ? gzipAsync(body, { level: 9 })
    : brotliAsync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } });

const sizeOf = (p: CachedPage) => p.body.length + (p.gzip?.length ?? 0) + (p.br?.length ?? 0) + p.overhead;

export class PageCache {
  /** Insertion order is recency: the first entry is the least recently used. */
  private readonly pages = new Map<string, CachedPage>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {}

  get size() {
    return this.pages.size;
  }

  get usedBytes() {
    return this.bytes;
  }

  get(key: string): CachedPage | undefined {
    const page = this.pages.get(key);
    if (page) {
      this.pages.delete(key);
      this.pages.set(key, page);
      this.hits++;
    } else this.misses++;
    return page;
  }

  set(key: string, page: CachedPage) {
    this.delete(key);
    this.pages.set(key, page);
    this.bytes += sizeOf(page);
    this.evict();
  }

  /**
   * The page's body in the encoding asked for, compressed once and kept with it. The bytes count
   * toward the bound only while that very page is the one stored under its address.
   */
  async encoded(key: string, page: CachedPage, encoding: Encoding): Promise<Buffer> {
    if (encoding === 'identity') return page.body;
    const done = page[encoding];
    if (done) return done;
    page.pending ??= {};
    return (page.pending[encoding] ??= compress(page.body, encoding).then((bytes) => {
      page[encoding] = bytes;
      delete page.pending![encoding];
      if (this.pages.get(key) === page) {
        this.bytes += bytes.length;
        this.evict();
      }
      return bytes;
    }));
  }

  delete(key: string) {
    const old = this.pages.get(key);
    if (old) {
      this.bytes -= sizeOf(old);
      this.pages.delete(key);
    }
  }

  /** Drops every page that the new state would render differently; returns the addresses dropped. */
  prune(state: SiteState): string[] {
    const dropped: string[] = [];
    for (const [key, page] of this.pages) if (!state.isCurrent(page.deps)) dropped.push(key);
    for (const key of dropped) this.delete(key);
    return dropped;
  }

  clear() {
    this.pages.clear();
    this.bytes = 0;
  }

  keys() {
    return [...this.pages.keys()];
  }

  private evict() {
    for (const [key] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(key);
    }
  }
}

// What an old or moved address answers: a redirect (permanent or temporary) or 410 Gone.

/** Editors choose 301 (moved for good) or 302 (for a while); the import and slug changes write 301. */
export type RedirectStatus = 301 | 302;
/** Where a redirect came from: the old site's import, an item's address changing, an editor. */
export type RedirectOrigin = 'legacy' | 'slug' | 'editor';
/** Why an address is gone: its article, page or institution left the site, or an editor said so. */
export type GoneKind = 'article' | 'page' | 'institution' | 'editor';

export interface Redirect {
  /** The address as compared: see addressKey. */
  fromPath: string;
  /** A path on this site or an absolute http(s) address. */
  toPath: string;
  statusCode: RedirectStatus;
}

/** What the not-found path answers for an address, when anything. */
export type AddressAnswer = { status: RedirectStatus; location: string } | { status: 410 };

/** One row of the redirects screen: a redirect or a gone address. */
export interface AddressRule {
  path: string;
  status: RedirectStatus | 410;
  /** Null for a gone address. */
  to: string | null;
  source: RedirectOrigin | GoneKind;
  /** When it was written (ISO). */
  at: string;
}

export interface AddressRuleFilter {
  /** Part of the address or of the target, in any letter case. */
  q?: string;
  status?: RedirectStatus | 410;
  sort?: 'path' | 'newest';
}

/** What an editor writes: the address, and what it answers. */
export interface AddressRuleInput {
  from: string;
  /** The target; ignored for 410. */
  to?: string;
  status: number;
}

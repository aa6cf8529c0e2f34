// Old and moved addresses: what each answers on the not-found path, the import's and the
// workflow's redirects and tombstones, and the redirects editors manage. Chains are flattened when
// written (a redirect never leads to another redirect), so every answer is one hop.
import { requireRole, type Actor, type AuditEntry } from '../people/index.js';
import type { Clock } from '../shared/clock.js';
import { invalid, notFound } from '../shared/errors.js';
import type { PageRequest, Paged } from '../shared/page.js';
import { addressKey, isReservedAddress, redirectTarget, siteTargetKey } from './addresses.js';
import type { RedirectsRepo } from './redirects.repo.js';
import type { AddressAnswer, AddressRule, AddressRuleFilter, AddressRuleInput, GoneKind, Redirect, RedirectOrigin, RedirectStatus } from './redirects.types.js';

export interface RedirectsDeps {
  repo: RedirectsRepo;
  clock: Clock;
  audit: (e: AuditEntry) => Promise<void>;
}

/** Whether the site serves a page at this address now (the route table knows; see site/). */
export type IsLive = (key: string) => Promise<boolean>;

const STATUSES = new Set([301, 302, 410]);
const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function createRedirectsService({ repo, clock, audit }: RedirectsDeps) {
  const now = () => clock.now().toISOString();

  /**
   * Writes from → to, flattened both ways: a target that redirects itself is replaced by where it
   * leads, and the redirects that led to `from` now lead to the target. A loop is refused.
   */
  async function link(fromKey: string, target: string, statusCode: RedirectStatus, origin: RedirectOrigin) {
    let to = target;
    const next = siteTargetKey(to) && (await repo.find(siteTargetKey(to)!));
    if (next) to = next.toPath;
    if (siteTargetKey(to) === fromKey) throw invalid('REDIRECT_LOOP', `${fromKey} would lead back to itself`, { field: 'to' });
    await repo.deleteGone(fromKey);
    await repo.retarget(fromKey, to);
    await repo.upsert({ fromPath: fromKey, toPath: to, statusCode, origin }, now());
  }

  function checkRule(input: AddressRuleInput): { status: RedirectStatus | 410; to: string | null } {
    if (!STATUSES.has(input.status)) throw invalid('REDIRECT_STATUS_INVALID', 'the answer must be 301, 302 or 410', { field: 'status' });
    const status = input.status as RedirectStatus | 410;
    if (status === 410) return { status, to: null };
    const to = redirectTarget(input.to ?? '');
    if (!to) throw invalid('REDIRECT_TARGET_INVALID', 'the target must be a path of this site ("/en/news/…") or an http(s) address', { field: 'to' });
    return { status, to };
  }

  async function write(key: string, rule: { status: RedirectStatus | 410; to: string | null }) {
    if (rule.status === 410) {
      await repo.deleteFrom(key);
      await repo.markGone(key, 'editor', now());
    } else await link(key, rule.to!, rule.status, 'editor');
  }

  /** A page is served here now: no redirect or tombstone may stand for it. */
  async function live(path: string) {
    const key = addressKey(path)!;
    await repo.deleteGone(key);
    await repo.deleteFrom(key);
  }

  const describe = (key: string, rule: { status: number; to: string | null }) => `${key} → ${rule.to ?? 'gone'} (${rule.status})`;

  async function existing(key: string) {
    const rule = await repo.rule(key);
    if (!rule) throw notFound('REDIRECT_NOT_FOUND', `No redirect or gone address for ${key}`);
    return rule;
  }

  return {
    /** A redirect from this address, in any letter case; undefined for none. */
    async find(path: string): Promise<Redirect | undefined> {
      const key = addressKey(path);
      return key ? repo.find(key) : undefined;
    },

    /** What an address that no page answers says instead: a redirect, 410 Gone, or nothing (404). */
    async answerFor(path: string): Promise<AddressAnswer | undefined> {
      const key = addressKey(path);
      if (!key) return undefined;
      const redirect = await repo.find(key);
      if (redirect) return { status: redirect.statusCode, location: redirect.toPath };
      return (await repo.isGone(key)) ? { status: 410 } : undefined;
    },

    /** An old-site address that now lives at `to` (the import): its key, or undefined when it is not an address. */
    async fromLegacy(oldPath: string, to: string): Promise<string | undefined> {
      const key = addressKey(oldPath);
      if (key) await link(key, to, 301, 'legacy');
      return key;
    },

    // What the workflow reports as items come, go and move (see AddressHooks in workflow/).
    live,
    /** A visible item's address changed: the old one (and whatever led to it) goes to the new. */
    async moved(from: string, to: string) {
      await live(to);
      await link(addressKey(from)!, to, 301, 'slug');
    },
    /** A visible item left the site: its address answers 410 Gone until something lives there again. */
    async left(path: string, kind: GoneKind) {
      const key = addressKey(path)!;
      await repo.deleteFrom(key);
      await repo.markGone(key, kind, now());
    },

    /** Every redirect, by address (the static export's server configuration). */
    async listAll(): Promise<{ from: string; to: string; status: RedirectStatus }[]> {
      const rows = await repo.allRedirects();
      return rows.map((r) => ({ from: r.fromPath, to: r.toPath, status: r.statusCode })).sort((a, b) => byPath(a.from, b.from));
    },
    /** Every gone address, in order (the static export's server configuration). */
    async listGone(): Promise<{ path: string }[]> {
      return (await repo.allGone()).sort(byPath).map((path) => ({ path }));
    },

    // The redirects screen: editors and above.
    async page(actor: Actor | undefined, filter: AddressRuleFilter, req: PageRequest): Promise<Paged<AddressRule>> {
      requireRole(actor, 'editor', 'manage redirects');
      return repo.pageRules(filter, req);
    },
    async get(actor: Actor | undefined, path: string): Promise<AddressRule> {
      requireRole(actor, 'editor', 'manage redirects');
      return existing(addressKey(path) ?? path);
    },
    /** A new redirect or gone address; `isLive` says whether a page is served there now. */
    async create(actor: Actor | undefined, input: AddressRuleInput, isLive: IsLive): Promise<AddressRule> {
      const who = requireRole(actor, 'editor', 'manage redirects');
      const key = addressKey(input.from.trim());
      if (!key) throw invalid('REDIRECT_FROM_INVALID', 'the address must be a path starting with "/" (no "//", no control characters)', { field: 'from' });
      if (isReservedAddress(key)) throw invalid('REDIRECT_FROM_RESERVED', `${key} is an address the site answers itself`, { field: 'from' });
      if (await isLive(key)) throw invalid('REDIRECT_FROM_LIVE', `a page is published at ${key}: it would hide the redirect`, { field: 'from' });
      if (await repo.rule(key)) throw invalid('REDIRECT_EXISTS', `${key} has a redirect or is marked gone already: edit it`, { field: 'from' });
      const rule = checkRule(input);
      await write(key, rule);
      await audit({ actor: who, action: 'redirect.create', entityType: 'redirect', comment: describe(key, rule) });
      return (await repo.rule(key))!;
    },
    /** Another target or answer for an address that has one. */
    async update(actor: Actor | undefined, input: AddressRuleInput): Promise<AddressRule> {
      const who = requireRole(actor, 'editor', 'manage redirects');
      const before = await existing(addressKey(input.from.trim()) ?? input.from);
      const rule = checkRule(input);
      await write(before.path, rule);
      await audit({ actor: who, action: 'redirect.update', entityType: 'redirect', comment: `${describe(before.path, before)} ⇒ ${rule.to ?? 'gone'} (${rule.status})` });
      return (await repo.rule(before.path))!;
    },
    async remove(actor: Actor | undefined, path: string) {
      const who = requireRole(actor, 'editor', 'manage redirects');
      const before = await existing(addressKey(path.trim()) ?? path);
      await repo.deleteFrom(before.path);
      await repo.deleteGone(before.path);
      await audit({ actor: who, action: 'redirect.delete', entityType: 'redirect', comment: describe(before.path, before) });
    },
  };
}
export type RedirectsService = ReturnType<typeof createRedirectsService>;

// The live server's view of the site's state. It is read again when the store's change counter
// moved (checked every second, and at once after a request that may have changed something) or
// when a scheduled date falls due; each new state prunes the page cache of the pages it outdates.
import type { Kysely } from 'kysely';
import type { Services } from '../app/services.js';
import type { DB } from '../db/index.js';
import { PageCache } from './page-cache.js';
import { createSiteChangeRepo } from './site-change.repo.js';
import { loadSiteState, type SiteState } from './state.js';

export interface LiveSiteOptions {
  /** How often the change counter is read, in ms (other processes' changes show within this). */
  pollMs?: number;
  /** The page cache's bound, in bytes. */
  cacheBytes?: number;
  onError?: (err: unknown) => void;
}

export class LiveSite {
  readonly cache: PageCache;
  private state: SiteState | undefined;
  private generation: string | undefined;
  private loading: Promise<SiteState> | undefined;
  /** Set after a request that may have written: the next reader checks the counter first. */
  private suspect = true;
  private poller: NodeJS.Timeout | undefined;
  private readonly changes;

  constructor(
    private readonly services: Services,
    db: Kysely<DB>,
    private readonly options: LiveSiteOptions = {},
  ) {
    this.changes = createSiteChangeRepo(db);
    this.cache = new PageCache(options.cacheBytes ?? 64 * 1024 * 1024);
  }

  /** Watches the counter from now on (the server does; tests that only inject need not). */
  start() {
    this.poller ??= setInterval(() => {
      this.current().catch((err: unknown) => this.options.onError?.(err));
    }, this.options.pollMs ?? 1000);
    this.poller.unref();
    this.suspect = true;
  }

  stop() {
    clearInterval(this.poller);
    this.poller = undefined;
  }

  /** Something may have changed (a form was posted, the scheduler ran): check before the next read. */
  markSuspect() {
    this.suspect = true;
  }

  /**
   * The last state read when it needs no check (no read under way, nothing suspect, poll and
   * scheduled dates not due): what a page from the cache may be served with at once.
   */
  fresh(): SiteState | undefined {
    const state = this.state;
    if (!state || this.loading || this.suspect || this.pollDue() || this.due(state)) return undefined;
    return state;
  }

  /** The state to render with: the last one read, unless the store or the clock has moved on. */
  async current(): Promise<SiteState> {
    // A read under way may have begun before the change a form just made: wait for it, then look
    // again (the form set `suspect` after the read had cleared it).
    while (this.loading) await this.loading;
    const state = this.state;
    const due = state !== undefined && this.due(state);
    if (state && !due && !this.suspect && !this.pollDue()) return state;
    this.loading = this.refresh(due)
      .catch((err: unknown) => {
        // The store did not answer: pages go on as last known (and cached) until it does,
        // asked again at the next poll (a second later), not at every request meanwhile.
        this.failedAt = Date.now();
        if (!this.state) throw err;
        this.options.onError?.(err);
        return this.state;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  private lastPoll = 0;
  private failedAt = 0;
  /** A scheduled date has come (unless the store just failed to answer). */
  private due(state: SiteState) {
    return state.data.nextChangeAt != null && this.services.clock.now().toISOString() >= state.data.nextChangeAt && !this.failedRecently();
  }
  private pollDue() {
    return Date.now() - this.lastPoll >= (this.options.pollMs ?? 1000);
  }
  private failedRecently() {
    return Date.now() - this.failedAt < (this.options.pollMs ?? 1000);
  }

  private async refresh(force: boolean): Promise<SiteState> {
    this.suspect = false;
    this.lastPoll = Date.now();
    // Read the counter first: a change committed after it is caught by the next check.
    const generation = await this.changes.generation();
    if (this.state && !force && generation === this.generation) return this.state;
    const state = await loadSiteState(this.services);
    this.failedAt = 0;
    this.generation = generation;
    this.state = state;
    this.cache.prune(state);
    return state;
  }

  /** Whether `state` is still the newest (a page rendered with an older one is not kept). */
  isLatest(state: SiteState) {
    return this.state === state && !this.suspect;
  }
}

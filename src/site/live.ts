// The live server's view of the site's state. It is read again when the store's change counter
// moved (told by PostgreSQL as each change commits, else checked every second; and at once after
// a request that may have changed something) or when a scheduled date falls due; each new state
// prunes the page cache of the pages it outdates.
import type { Kysely } from 'kysely';
import type { Services } from '../app/services.js';
import type { DB, SiteChangeEvents, SiteChangeWatch } from '../db/index.js';
import { PageCache } from './page-cache.js';
import { createSiteChangeRepo } from './site-change.repo.js';
import { loadSiteState, type SiteState } from './state.js';

export interface LiveSiteOptions {
  /** How often the change counter is read, in ms (other processes' changes show within this). */
  pollMs?: number;
  /**
   * How often while the store tells of each change: a safety net only, bounding how long a change
   * stays unseen while a dead connection is not yet found out (see db/listen.ts).
   */
  toldPollMs?: number;
  /** The page cache's bound, in bytes. */
  cacheBytes?: number;
  onError?: (err: unknown) => void;
}

export interface LiveLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface WatchSettings {
  /** Subscribes to the store's changes (undefined: the store cannot tell them). */
  watch?: (events: SiteChangeEvents) => SiteChangeWatch | undefined;
  log?: LiveLog;
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
  private watch: SiteChangeWatch | undefined;
  /** The store tells of each change as it commits: the counter needs reading only now and then. */
  private told = false;

  constructor(
    private readonly services: Services,
    db: Kysely<DB>,
    private readonly options: LiveSiteOptions = {},
  ) {
    this.changes = createSiteChangeRepo(db);
    this.cache = new PageCache(options.cacheBytes ?? 64 * 1024 * 1024);
  }

  /**
   * Watches the counter from now on (the server does; tests that only inject need not), and
   * listens for the store's changes when `watch` is given and the store can tell them.
   */
  start({ watch, log }: WatchSettings = {}) {
    this.suspect = true;
    this.poll();
    this.watch ??= watch?.({
      changed: () => this.checkSoon(),
      listening: () => {
        this.told = true;
        log?.info({ checkEveryMs: this.pollMs() }, "listening for the store's changes");
        // What changed while nobody listened is found by reading the counter now.
        this.check();
        this.poll();
      },
      lost: (err, retryMs) => {
        // Only when it was told: restarting the timer at each failed attempt would hold its tick off.
        if (this.told) {
          this.told = false;
          this.poll();
        }
        log?.warn({ err, retryMs }, "cannot listen for the store's changes; checking it every second until listening again");
      },
    });
  }

  async stop() {
    clearInterval(this.poller);
    clearTimeout(this.pendingCheck);
    this.poller = undefined;
    const watch = this.watch;
    this.watch = undefined;
    await watch?.close();
  }

  /** Reads the counter every pollMs() from now. */
  private poll() {
    clearInterval(this.poller);
    // A tick is a check whatever pollDue() says: a timer that fires a little early would
    // otherwise find the last read not quite old enough, and skip to the next (2 s, not 1).
    this.poller = setInterval(() => this.check(), this.pollMs());
    this.poller.unref();
  }

  /** Reads the counter now, not at the next request: pages another instance outdated are pruned at once. */
  private check() {
    clearTimeout(this.pendingCheck);
    this.pendingCheck = undefined;
    this.markSuspect();
    this.current().catch((err: unknown) => this.options.onError?.(err));
  }

  private pendingCheck: NodeJS.Timeout | undefined;
  private loadedAt = 0;
  private loadMs = 0;
  /**
   * Told of a change: reads the counter now, or, when the state was read a moment ago, once a
   * pause twice as long as that read has passed: a burst of commits (an import's batches, many
   * editors) would otherwise keep every instance reading the whole state back to back.
   */
  private checkSoon() {
    if (this.pendingCheck) return;
    const wait = this.loadedAt + Math.max(100, 2 * this.loadMs) - Date.now();
    if (wait <= 0) return this.check();
    this.pendingCheck = setTimeout(() => this.check(), wait);
    this.pendingCheck.unref();
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
    return Date.now() - this.lastPoll >= this.pollMs();
  }
  private pollMs() {
    return this.told ? (this.options.toldPollMs ?? 10_000) : (this.options.pollMs ?? 1000);
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
    const started = Date.now();
    const state = await loadSiteState(this.services);
    this.loadedAt = Date.now();
    this.loadMs = this.loadedAt - started;
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

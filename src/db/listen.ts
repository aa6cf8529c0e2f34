// PostgreSQL tells each instance when the site's change counter moves (migration 0020), on a
// connection of its own: a pooled one would be handed to queries, and LISTEN holds it for good.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Store } from './database.js';

/** The channel migration 0020 notifies on; the payload is the schema of the store that changed. */
export const SITE_CHANGE_CHANNEL = 'beiguan_site_change';

export interface SiteChangeEvents {
  /** A transaction that changed what visitors may see has committed, in this instance or another. */
  changed(): void;
  /** Listening, at first or again: changes committed while not listening were not told. */
  listening(): void;
  /** The connection could not be made, or dropped: tried again in `retryMs`. */
  lost(err: unknown, retryMs: number): void;
}

export interface SiteChangeWatch {
  close(): Promise<void>;
}

export interface WatchOptions {
  /** First wait before connecting again, doubled at each failure up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** How often a notification is sent round, and how long it may take to come back. */
  heartbeatMs?: number;
}

/** Listens for the store's changes; undefined for SQLite, which has no notifications. */
export function watchSiteChanges(store: Store, events: SiteChangeEvents, options: WatchOptions = {}): SiteChangeWatch | undefined {
  const { connect } = store;
  if (!connect) return undefined;
  const { retryMs = 500, maxRetryMs = 30_000, heartbeatMs = 15_000 } = options;
  let client: pg.Client | undefined;
  let closed = false;
  let delay = retryMs;
  let retry: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  const again = (err: unknown) => {
    if (closed) return;
    events.lost(err, delay);
    retry = setTimeout(() => void open(), delay);
    retry.unref();
    delay = Math.min(delay * 2, maxRetryMs);
  };

  /** Gives up the connection `c` (once, however many ways it fails) and tries again later. */
  const drop = (c: pg.Client, err: unknown) => {
    if (client !== c) return;
    client = undefined;
    clearInterval(heartbeat);
    c.removeAllListeners('notification');
    // A socket that went dead may never answer an orderly goodbye: do not wait for it.
    c.end().catch(() => undefined);
    again(err);
  };

  const open = async () => {
    retry = undefined;
    let c: pg.Client;
    try {
      c = await connect();
    } catch (err) {
      again(err);
      return;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    // Errors after connecting come as events; one left unheard would end the process.
    c.on('error', (err) => drop(c, err));
    c.on('end', () => drop(c, new Error('the listening connection was closed')));
    let probe: { payload: string; answered(): void } | undefined;
    c.on('notification', (msg) => {
      if (msg.channel !== SITE_CHANGE_CHANNEL) return;
      if (probe && msg.payload === probe.payload) probe.answered();
      else if (store.schema === undefined || msg.payload === store.schema) events.changed();
    });
    /**
     * A notification sent to itself and heard back proves the connection alive and notifications
     * delivered to it: a silent network sends no error, and a pooler in transaction mode (PgBouncer)
     * accepts LISTEN but never delivers.
     */
    const roundTrip = () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no notification came back within ${heartbeatMs} ms`)), heartbeatMs);
        timer.unref();
        probe = {
          payload: `probe ${randomUUID()}`,
          answered() {
            clearTimeout(timer);
            probe = undefined;
            resolve();
          },
        };
        c.query('SELECT pg_notify($1, $2)', [SITE_CHANGE_CHANNEL, probe.payload]).catch((err: unknown) => {
          clearTimeout(timer);
          reject(err);
        });
      });
    client = c;
    try {
      // Named for the operator's pg_stat_activity: a connection that sits idle for good, on purpose.
      await c.query(`SELECT set_config('application_name', $1, false)`, [`beiguan listen ${store.schema ?? ''}`.trim()]);
      await c.query(`LISTEN ${SITE_CHANGE_CHANNEL}`);
      await roundTrip();
    } catch (err) {
      drop(c, err);
      return;
    }
    if (closed || client !== c) return;
    delay = retryMs;
    // A round trip still under way fails by its own timer.
    heartbeat = setInterval(() => {
      if (!probe) roundTrip().catch((err: unknown) => drop(c, err));
    }, heartbeatMs);
    heartbeat.unref();
    events.listening();
  };

  void open();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}

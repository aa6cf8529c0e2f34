// Scheduled publishing and unpublishing of articles, pages and institutions: checked at start (to
// catch up on what fell due while the server was down) and then every 30 seconds, so nothing is
// more than a minute late.
import type { ContentKind } from '../workflow/index.js';
import { workflowsOf, type Services } from './services.js';

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Runs work with services bound to one transaction (see inTransaction). */
export type Transact = <T>(work: (services: Services) => Promise<T>) => Promise<T>;

/**
 * One run over every kind; a kind that fails does not keep the others from their schedule. With
 * `transact`, each kind's changes and what they do to addresses (410 Gone) are written together.
 */
export async function runSchedules(services: Services, log: SchedulerLog, { transact }: { transact?: Transact } = {}) {
  const run: Transact = transact ?? ((work) => work(services));
  for (const kind of Object.keys(workflowsOf(services)) as ContentKind[]) {
    try {
      const done = await run((s) => workflowsOf(s)[kind].runSchedule());
      if (done.published.length || done.unpublished.length) log.info({ kind, ...done }, 'scheduled changes applied');
    } catch (err) {
      log.error({ err, kind }, 'scheduled publishing failed; will retry');
    }
  }
}

export function startScheduler(services: Services, log: SchedulerLog, { everyMs = 30_000, transact }: { everyMs?: number; transact?: Transact } = {}) {
  let running: Promise<void> | undefined;
  const tick = () => {
    // One run at a time in this process; other instances pass over the items a run has claimed.
    running ??= runSchedules(services, log, { transact }).finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return {
    /** The first run, at start. */
    ready: tick(),
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

// Scheduled publishing and unpublishing: checked at start (to catch up on what fell due while the
// server was down) and then every 30 seconds, so nothing is more than a minute late.
import type { Services } from './services.js';

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export function startScheduler(services: Services, log: SchedulerLog, everyMs = 30_000) {
  let running: Promise<void> | undefined;
  const tick = () => {
    // One run at a time in this process; other instances are kept out by the conditional update.
    running ??= services.newsWorkflow
      .runSchedule()
      .then((done) => {
        if (done.published.length || done.unpublished.length) log.info(done, 'scheduled changes applied');
      })
      .catch((err: unknown) => log.error({ err }, 'scheduled publishing failed; will retry'))
      .finally(() => {
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

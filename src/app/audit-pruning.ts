// The audit log pruned by age with no cron job: every instance looks each hour (one indexed read);
// one that finds records past the age walks the chain and prunes, and the others, serialised behind
// it by the chain's lock, then find nothing due. A chain that does not verify is not pruned: the
// error is logged at each look until someone investigates.
import type { SchedulerLog } from './scheduler.js';
import type { Services } from './services.js';

export function startAuditPruning(services: Services, log: SchedulerLog, { keepDays, everyMs = 3_600_000 }: { keepDays: number; everyMs?: number }) {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= services.auditLog
      .prune({ keepDays, onlyIfDue: true })
      .then(({ pruned, before, head, count }) => {
        if (pruned) log.info({ pruned, before, auditHead: head, auditCount: count }, 'audit log pruned');
      })
      .catch((err: unknown) => log.error({ err }, 'audit log not pruned'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

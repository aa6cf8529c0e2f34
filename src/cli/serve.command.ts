import type { FastifyInstance } from 'fastify';
import { openConfiguredApp } from '../app/app.js';
import { describeDb, loadConfig, type ConfigFlags } from '../config/index.js';
import { loadDemoIfEmpty } from '../demo/index.js';
import { startAuditPruning } from '../app/audit-pruning.js';
import { startScheduler } from '../app/scheduler.js';
import { inTransaction } from '../app/services.js';
import { buildApp, liveSiteOf } from '../http/server.js';
import { watchSiteChanges } from '../db/index.js';
import { LiveSite } from '../site/live.js';
import { DEFAULT_AUTH_POLICY, warmUpDecoy } from '../people/index.js';

export async function serveCommand(flags: ConfigFlags) {
  const startedAt = performance.now();
  const config = loadConfig(flags);
  const opened = await openConfiguredApp(config);
  if (config.demo) {
    const demo = await loadDemoIfEmpty(opened.store, opened.clock);
    if (demo.loaded) process.stdout.write('Loaded the demo content into the empty store.\n');
  }
  let draining = false;
  const app: FastifyInstance = await buildApp({
    store: opened.store,
    services: opened.services,
    baseUrl: config.baseUrl,
    publishing: config.publishing,
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
    isDraining: () => draining,
    live: new LiveSite(opened.services, opened.store.db, {
      cacheBytes: config.pageCacheMb * 1024 * 1024,
      toldPollMs: config.changeCheckSeconds * 1000,
      onError: (err) => app.log.error({ err }, "cannot read the site's state; pages are served as last known meanwhile"),
    }),
  });
  liveSiteOf(app)?.start({ watch: (events) => watchSiteChanges(opened.store, events), log: app.log });
  await warmUpDecoy(DEFAULT_AUTH_POLICY.scryptN);
  const scheduler = startScheduler(opened.services, app.log, { transact: (work) => inTransaction(opened.store, opened.clock, work) });
  await scheduler.ready;
  const auditPruning = startAuditPruning(opened.services, app.log, { keepDays: config.auditKeepDays });
  const address = await app.listen({ port: config.port, host: config.host });
  process.stdout.write(
    `Beiguan is serving ${describeDb(config.db)} at ${address.replace('127.0.0.1', 'localhost')} (ready in ${Math.round(performance.now() - startedAt)} ms)\n`,
  );
  // Stopping: no new connections (a balancer sees /readyz 503 or a refused connection and sends
  // elsewhere), the requests in flight finish, then the scheduler and the store close. Requests still
  // running after the grace period are cut off: the exit code (1) and the log say so.
  const shutdown = async (signal: string) => {
    if (draining) return;
    draining = true;
    app.log.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'shutting down: finishing the requests in flight');
    let timer: NodeJS.Timeout | undefined;
    const overrun = new Promise<'overrun'>((resolve) => (timer = setTimeout(() => resolve('overrun'), config.shutdownGraceSeconds * 1000)));
    const stopped = (async () => {
      await Promise.all([app.close(), scheduler.stop(), auditPruning.stop()]);
      // Within the same bound: closing a listening connection to a store that went away can hang.
      await liveSiteOf(app)?.stop();
      await opened.close();
      return 'closed' as const;
    })();
    const closed = await Promise.race([stopped, overrun]);
    clearTimeout(timer);
    if (closed === 'overrun') {
      app.log.error({ graceSeconds: config.shutdownGraceSeconds }, 'requests were still running when the grace period ended; exiting without them');
      process.exit(1);
    }
    app.log.info('shut down');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

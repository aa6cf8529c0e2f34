import type { FastifyInstance } from 'fastify';
import { openConfiguredApp } from '../app/app.js';
import { describeDb, loadConfig, type ConfigFlags } from '../config/index.js';
import { loadDemoIfEmpty } from '../demo/index.js';
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
  const app: FastifyInstance = await buildApp({
    store: opened.store,
    services: opened.services,
    baseUrl: config.baseUrl,
    publishing: config.publishing,
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
    live: new LiveSite(opened.services, opened.store.db, {
      cacheBytes: config.pageCacheMb * 1024 * 1024,
      onError: (err) => app.log.error({ err }, "cannot read the site's state; pages are served as last known meanwhile"),
    }),
  });
  liveSiteOf(app)?.start({ watch: (events) => watchSiteChanges(opened.store, events), log: app.log });
  await warmUpDecoy(DEFAULT_AUTH_POLICY.scryptN);
  const scheduler = startScheduler(opened.services, app.log, { transact: (work) => inTransaction(opened.store, opened.clock, work) });
  await scheduler.ready;
  const address = await app.listen({ port: config.port, host: config.host });
  process.stdout.write(
    `Beiguan is serving ${describeDb(config.db)} at ${address.replace('127.0.0.1', 'localhost')} (ready in ${Math.round(performance.now() - startedAt)} ms)\n`,
  );
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await scheduler.stop();
    await liveSiteOf(app)?.stop();
    await app.close();
    await opened.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

import { openApp } from '../app/app.js';
import { describeDb, loadConfig, type ConfigFlags } from '../config/index.js';
import { loadDemoIfEmpty } from '../demo/index.js';
import { startScheduler } from '../app/scheduler.js';
import { inTransaction } from '../app/services.js';
import { buildApp, liveSiteOf } from '../http/server.js';
import { DEFAULT_AUTH_POLICY, warmUpDecoy } from '../people/index.js';

export async function serveCommand(flags: ConfigFlags) {
  const startedAt = performance.now();
  const config = loadConfig(flags);
  const opened = await openApp(config.db, undefined, {
    ...DEFAULT_AUTH_POLICY,
    mlps: config.mlps,
    sessionIdleMinutes: config.sessionIdleMinutes,
    sessionMaxHours: config.sessionMaxHours,
  }, {
    dir: config.mediaDir,
    maxImageBytes: Math.round(config.mediaMaxImageMb * 1024 * 1024),
    maxDocumentBytes: Math.round(config.mediaMaxDocumentMb * 1024 * 1024),
    maxImagePixels: Math.round(config.mediaMaxImageMegapixels * 1e6),
  });
  if (config.demo) {
    const demo = await loadDemoIfEmpty(opened.store, opened.clock);
    if (demo.loaded) process.stdout.write('Loaded the demo content into the empty store.\n');
  }
  const app = await buildApp({
    store: opened.store,
    services: opened.services,
    baseUrl: config.baseUrl,
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
  });
  liveSiteOf(app)?.start();
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
    liveSiteOf(app)?.stop();
    await app.close();
    await opened.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

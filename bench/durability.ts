// `tsx bench/durability.ts [--saves N] [--writers N]`: what SQLite's synchronous=FULL (the default)
// costs against NORMAL on saves through the write API (validation, workflow, revision, audit, search
// index, one transaction each), on a store file in $TMPDIR. Run on the disk the site will use: the
// figure is the cost of an fsync there. Prints a table; not part of `npm run bench`.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createServices } from '../src/app/services.js';
import { migrateToLatest, openStore } from '../src/db/index.js';
import { buildApp } from '../src/http/server.js';
import { DEFAULT_AUTH_POLICY } from '../src/people/index.js';
import { systemClock } from '../src/shared/clock.js';
import { LiveSite } from '../src/site/live.js';

const { values: args } = parseArgs({ options: { saves: { type: 'string', default: '400' }, writers: { type: 'string', default: '1,8' } } });
const saves = Number(args.saves);
const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

async function measure(sync: 'full' | 'normal', writers: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'beiguan-durability-'));
  const store = await openStore({ kind: 'sqlite', path: path.join(dir, 'bench.sqlite') }, { sqliteSync: sync });
  try {
    await migrateToLatest(store);
    const services = createServices(store.db, systemClock, { ...DEFAULT_AUTH_POLICY, scryptN: 2 ** 10 });
    await services.auth.addUser({ name: 'writer', role: 'editor', password: 'correct horse battery staple' });
    const { token } = await services.auth.createToken('writer');
    const app = await buildApp({ store, services, baseUrl: 'http://bench.test', live: new LiveSite(services, store.db, { pollMs: 0 }) });
    const headers = { authorization: `Bearer ${token}` };
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        let own: { id: number; revision: number } | undefined;
        // Half creates, half edits of the writer's last article.
        while (next < saves) {
          const n = next++;
          const t0 = performance.now();
          const res = own && n % 2
            ? await app.inject({ method: 'PATCH', url: `/api/v1/articles/${own.id}`, headers, payload: { revision: own.revision, body: doc(`edit ${n} 北京`) } })
            : await app.inject({ method: 'POST', url: '/api/v1/articles', headers, payload: { lang: 'zh', title: `save ${n}`, body: doc(`text ${n} 北京`) } });
          if (res.statusCode >= 300) throw new Error(`save ${n}: ${res.statusCode} ${res.body}`);
          own = res.json();
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await app.close();
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(2);
    return { sync, writers, perSecond: Math.round(saves / seconds), p50: at(0.5), p95: at(0.95) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows = [];
for (const writers of args.writers!.split(',').map(Number)) {
  for (const sync of ['normal', 'full'] as const) rows.push(await measure(sync, writers));
}
console.log(`${saves} saves through the write API, SQLite in WAL mode, store in ${os.tmpdir()}\n`);
console.log('| synchronous | writers | saves/s | p50 ms | p95 ms |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.sync} | ${r.writers} | ${r.perSecond} | ${r.p50} | ${r.p95} |`);

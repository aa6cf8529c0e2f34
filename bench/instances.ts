// `npx tsx bench/instances.ts postgres://…/db [--saves 30]`: how long a save through one instance
// takes to reach another's view of the site (its LiveSite has read the new state, with no request
// to it), when PostgreSQL tells it (LISTEN/NOTIFY) and when it only polls every second; and what a
// poll costs the store. Works in a schema of its own, dropped at the end. Not part of `npm run bench`:
// it needs a PostgreSQL database.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createServices } from '../src/app/services.js';
import { migrateToLatest, openStore, watchSiteChanges, type SiteChangeEvents } from '../src/db/index.js';
import { docFromParagraphs } from '../src/richtext/index.js';
import { systemClock } from '../src/shared/clock.js';
import { LiveSite } from '../src/site/live.js';

const { values: args, positionals } = parseArgs({ options: { saves: { type: 'string', default: '30' } }, allowPositionals: true });
const url = positionals[0];
if (!url?.startsWith('postgres')) {
  console.error('bench/instances: give a PostgreSQL URL');
  process.exit(2);
}
const schema = `bench_instances_${process.pid}`;
const writer = await openStore({ kind: 'postgres', url }, { pgSchema: schema, poolSize: 2 });
const reader = await openStore({ kind: 'postgres', url }, { pgSchema: schema, poolSize: 2 });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!.toFixed(0);

/** Milliseconds from the start of each save until the reader's LiveSite holds a state that has it. */
async function delays(mode: 'notify' | 'poll', saves: number) {
  const services = createServices(writer.db, systemClock);
  const live = new LiveSite(createServices(reader.db, systemClock), reader.db);
  let listening = false;
  const listen = () => ({
    watch: (events: SiteChangeEvents) =>
      watchSiteChanges(reader, {
        ...events,
        listening() {
          listening = true;
          events.listening();
        },
      }),
  });
  live.start(mode === 'notify' ? listen() : {});
  while (mode === 'notify' && !listening) await pause(10);
  const took: number[] = [];
  for (let i = 0; i < saves; i++) {
    const before = await live.current();
    // Saves fall anywhere in the poll's second.
    await pause(Math.random() * 1000);
    const start = performance.now();
    await services.news.create({ lang: 'en', title: `Save ${mode} ${i}`, body: docFromParagraphs(['Text.']), status: 'published', publishedAt: null });
    while (live.fresh() === before || live.fresh() === undefined) await pause(1);
    took.push(performance.now() - start);
  }
  await live.stop();
  return took;
}

try {
  await migrateToLatest(writer);
  const saves = Number(args.saves);
  const save = createServices(writer.db, systemClock);
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) await save.news.create({ lang: 'en', title: `Warm-up ${i}`, body: docFromParagraphs(['Text.']), status: 'published', publishedAt: null });
  console.log(`a save alone: ${((performance.now() - t0) / 10).toFixed(0)} ms`);
  for (const mode of ['notify', 'poll'] as const) {
    const took = await delays(mode, saves);
    console.log(`${mode}: from the start of a save to the other instance's new state, p50 ${quantile(took, 0.5)} ms, p95 ${quantile(took, 0.95)} ms, max ${quantile(took, 1)} ms (${saves} saves)`);
  }
  const reads = 1000;
  const r0 = performance.now();
  for (let i = 0; i < reads; i++) await sql`select generation from site_change where id = 1`.execute(reader.db);
  console.log(`a poll (one read of the change counter): ${((performance.now() - r0) / reads).toFixed(2)} ms`);
} finally {
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(writer.db);
  await Promise.all([writer.close(), reader.close()]);
}

// Scheduled publishing with several instances on one store: each due change is made once, with one
// audit record, and (PostgreSQL) an instance passes over the items another has claimed instead of
// waiting for it. On PostgreSQL each instance has a pool of its own on the same schema, as separate
// servers do; SQLite has one writer at a time, and its instances share the store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSchedules, type SchedulerLog } from '../../src/app/scheduler.js';
import { createServices, inTransaction, workflowsOf, type Services } from '../../src/app/services.js';
import { openStore, type Store } from '../../src/db/index.js';
import type { Actor } from '../../src/people/index.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import type { ContentKind } from '../../src/workflow/index.js';
import { env, freshServices, manualClock, testDialects } from '../helpers/store.js';

const HOUR = 3600_000;
const INSTANCES = 4;

describe.each(testDialects())('scheduled changes across instances on %s', (dialect) => {
  let store: Store;
  let services: Services;
  let clock: ReturnType<typeof manualClock>;
  let publisher: Actor;
  let others: Store[];
  const iso = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();

  beforeEach(async () => {
    clock = manualClock();
    ({ store, services } = await freshServices(dialect, clock));
    const u = await services.auth.addUser({ name: 'paul', role: 'publisher', password: 'Violet-Harbour-Lamp-42' });
    publisher = { id: u.id, name: u.name, role: u.role, locale: u.locale };
    others =
      dialect === 'postgres'
        ? await Promise.all(Array.from({ length: INSTANCES - 1 }, () => openStore({ kind: 'postgres', url: env.pgUrl! }, { pgSchema: store.schema, poolSize: 2 })))
        : [];
  });
  afterEach(async () => {
    await Promise.all(others.map((o) => o.close()));
    await store.close();
  });

  /** Each instance's store: its own pool on PostgreSQL, the one store on SQLite. */
  const instanceStores = () => (dialect === 'postgres' ? [store, ...others] : Array.from({ length: INSTANCES }, () => store));

  /** Items of every kind, each scheduled to appear or (published) to come down within the hour. */
  async function dueItems(n: number) {
    const made: Record<ContentKind, { publish: number[]; unpublish: number[] }> = {
      article: { publish: [], unpublish: [] },
      page: { publish: [], unpublish: [] },
      institution: { publish: [], unpublish: [] },
    };
    const body = (i: number) => docFromParagraphs([`Text number ${i}.`]);
    for (let i = 0; i < n; i++) {
      const created = {
        article: await services.newsWorkflow.create(publisher, { lang: 'en', title: `Article ${i}`, body: body(i) }),
        page: await services.pagesWorkflow.create(publisher, { lang: 'en', title: `Page ${i}`, body: body(i) }),
        institution: await services.institutionsWorkflow.create(publisher, { lang: 'en', name: `Institute ${i}`, profile: body(i) }),
      };
      for (const kind of Object.keys(created) as ContentKind[]) {
        const wf = workflowsOf(services)[kind];
        const id = created[kind].id;
        await wf.transition(publisher, id, { to: 'in_review' });
        await wf.transition(publisher, id, { to: 'approved' });
        // Every third item is published now and comes down on schedule; the others go up on schedule.
        if (i % 3 === 0) {
          await wf.transition(publisher, id, { to: 'published', unpublishAt: iso(((i % 5) + 1) * 60_000) });
          made[kind].unpublish.push(id);
        } else {
          await wf.transition(publisher, id, { to: 'scheduled', at: iso(((i % 5) + 1) * 60_000) });
          made[kind].publish.push(id);
        }
      }
    }
    return made;
  }

  /** A scheduler's log that keeps what it reports. */
  function recordingLog() {
    const applied: { kind: ContentKind; published: number[]; unpublished: number[] }[] = [];
    const errors: object[] = [];
    const log: SchedulerLog = {
      info: (obj) => applied.push(obj as (typeof applied)[number]),
      error: (obj) => errors.push(obj),
    };
    return { log, applied, errors };
  }

  const scheduledAudit = async (kind: ContentKind) =>
    (await services.auth.listAudit({ action: `${kind}.transition`, limit: 10_000, offset: 0 })).filter((e) => e.comment === 'scheduled');

  it('carries out each due change once, with one audit record, however many instances run at once', async () => {
    const made = await dueItems(12);
    clock.advance(HOUR);
    const runs = instanceStores().map((s) => ({ s, ...recordingLog() }));
    await Promise.all(runs.map((r) => runSchedules(createServices(r.s.db, clock), r.log, { transact: (work) => inTransaction(r.s, clock, work) })));

    for (const r of runs) expect(r.errors).toEqual([]);
    for (const kind of Object.keys(made) as ContentKind[]) {
      const reported = runs.flatMap((r) => r.applied.filter((a) => a.kind === kind));
      const published = reported.flatMap((a) => a.published);
      const unpublished = reported.flatMap((a) => a.unpublished);
      // Once each: no id in two instances' reports.
      expect([...published].sort((a, b) => a - b), kind).toEqual(made[kind].publish);
      expect([...unpublished].sort((a, b) => a - b), kind).toEqual(made[kind].unpublish);
      const audit = await scheduledAudit(kind);
      expect(audit.filter((e) => e.to === 'published').map((e) => e.entityId).sort((a, b) => a! - b!), kind).toEqual(made[kind].publish);
      expect(audit.filter((e) => e.to === 'unpublished').map((e) => e.entityId).sort((a, b) => a! - b!), kind).toEqual(made[kind].unpublish);
    }
    // What the runs did shows: the scheduled articles are public, the expired ones gone (410).
    const visible = (await services.news.listPublished('en', { offset: 0, limit: 100 })).items.map((a) => a.id).sort((a, b) => a - b);
    expect(visible).toEqual(made.article.publish);
    const gone = (await services.redirects.listGone()).map((g) => g.path);
    expect(gone.filter((p) => p.startsWith('/en/news/'))).toHaveLength(made.article.unpublish.length);
    // Nothing is left for a later run.
    const later = recordingLog();
    await runSchedules(services, later.log);
    expect(later.applied).toEqual([]);
  });

  // Only PostgreSQL has row locks to pass over (SQLite has one writer).
  if (dialect === 'postgres') it('passes over the items another instance has claimed, without waiting for it to finish', async () => {
    const made = await dueItems(4);
    clock.advance(HOUR);
    const other = others[0]!;
    // The first instance claims the due articles and, before it commits, the second runs over them:
    // it would wait for the first's locks (for ever, here) if it did not pass over them.
    const [first, second] = await inTransaction(store, clock, async (s) => {
      const done = await s.newsWorkflow.runSchedule();
      const run = inTransaction(other, clock, (o) => o.newsWorkflow.runSchedule());
      const deadline = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 20_000).unref());
      return [done, await Promise.race([run, deadline])] as const;
    });
    expect(second).toEqual({ published: [], unpublished: [] });
    expect([...first.published].sort((a, b) => a - b)).toEqual(made.article.publish);
    expect([...first.unpublished].sort((a, b) => a - b)).toEqual(made.article.unpublish);
    const audited = (await scheduledAudit('article')).map((e) => e.entityId!);
    expect(audited.sort((a, b) => a - b)).toEqual([...made.article.publish, ...made.article.unpublish].sort((a, b) => a - b));
  });
});

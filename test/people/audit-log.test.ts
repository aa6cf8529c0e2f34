// The audit log as an inspector relies on it: a hash chain that shows a changed, deleted or inserted
// record by id, append-only in the database, pruned by age behind a checkpoint, on every store.
import { randomBytes } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAuditPruning } from '../../src/app/audit-pruning.js';
import { createServices } from '../../src/app/services.js';
import { createAuditRepo, pruneAuditLog, verifyAuditLog, type AuditRepo } from '../../src/people/index.js';
import { migrateToLatest, openStore, type Store } from '../../src/db/index.js';
import { migrations } from '../../src/db/migrations/index.js';
import { env, freshStore, manualClock, testDialects, withSchemaLock } from '../helpers/store.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-21T04:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW - days * DAY).toISOString();

describe.each(testDialects())('the audit log on %s', (dialect) => {
  let store: Store;
  let repo: AuditRepo;

  beforeEach(async () => {
    store = await freshStore(dialect);
    repo = createAuditRepo(store.db);
  });
  afterEach(() => store.close());

  /** Records `n` entries, one a day, the first `firstDaysAgo` days ago; returns their ids. */
  async function record(n: number, firstDaysAgo = n) {
    for (let i = 0; i < n; i++)
      await repo.append({ actor: { id: 1, name: 'admin' }, action: 'article.transition', entityType: 'article', entityId: i + 1, from: 'draft', to: 'published', comment: `entry ${i}`, clientAddress: '198.51.100.7' }, daysAgo(firstDaysAgo - i));
    return (await store.db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => Number(r.id));
  }

  /** What an attacker with access to the database does first. */
  async function disableGuards() {
    if (dialect === 'postgres') await sql`alter table audit_log disable trigger user`.execute(store.db);
    else for (const t of ['audit_log_no_update', 'audit_log_no_delete']) await sql`drop trigger ${sql.raw(t)}`.execute(store.db);
  }

  it('verifies an honest log and names its head, the last record\'s hash', async () => {
    expect(await verifyAuditLog(repo)).toEqual({ ok: true, count: 0, head: '', pruned: 0 });
    await record(5);
    const last = await store.db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(await verifyAuditLog(repo)).toEqual({ ok: true, count: 5, head: last.hash, pruned: 0 });
  });

  it('refuses to change or delete a record, in the database itself', async () => {
    const [first] = await record(2);
    await expect(sql`update audit_log set comment = 'nothing happened' where id = ${first}`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where id = ${first}`.execute(store.db)).rejects.toThrow(/append-only/);
    if (dialect === 'postgres') await expect(sql`truncate audit_log`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_checkpoint`.execute(store.db)).resolves.toBeDefined(); // nothing to delete yet
    expect((await verifyAuditLog(repo)).ok).toBe(true);
  });

  it('lets no record younger than six months go, whatever checkpoint someone adds', async () => {
    // Ages against the database's own clock, which the rule reads.
    const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
    for (const days of [300, 299, 100, 99, 98]) await repo.append({ actor: null, action: `entry.${days}` }, ago(days));
    const rows = await store.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    // A checkpoint written by hand, as pruning writes one, covering the first four.
    await store.db.insertInto('audit_checkpoint').values({ at: ago(0), through_id: rows[3]!.id, through_hash: rows[3]!.hash!, pruned_count: 4, keep_days: 183 }).execute();
    await expect(sql`delete from audit_log where id <= ${rows[3]!.id}`.execute(store.db)).rejects.toThrow(/append-only/);
    expect(await store.db.selectFrom('audit_log').select('id').execute()).toHaveLength(5);
    // The two older than six months may go; the check then finds the young ones the checkpoint claims were pruned.
    await sql`delete from audit_log where id <= ${rows[1]!.id}`.execute(store.db);
    expect(await verifyAuditLog(repo)).toMatchObject({ ok: false, badId: Number(rows[2]!.id), reason: expect.stringContaining('pruned part') });
  });

  // SQLite's single connection here cannot interleave a second writer.
  if (dialect === 'postgres') it('is not taken for tampered with when another instance prunes while it is checked', async () => {
    const clock = manualClock(new Date(NOW).toISOString());
    await record(5, 400);
    await record(3, 10);
    const other = await openStore({ kind: 'postgres', url: env.pgUrl! }, { pgSchema: store.schema, poolSize: 2 });
    try {
      // The check reads the checkpoint, then the records; the other instance's prune lands in between.
      let pruned = 0;
      const racing: AuditRepo = {
        ...repo,
        snapshot: (work) =>
          repo.snapshot((r) =>
            work({
              ...r,
              page: async (afterId, limit) => {
                if (!pruned) pruned = (await pruneAuditLog(createAuditRepo(other.db), { keepDays: 365, clock })).pruned;
                return r.page(afterId, limit);
              },
            }),
          ),
      };
      expect(await verifyAuditLog(racing)).toMatchObject({ ok: true, count: 8 });
      expect(pruned).toBe(5);
      expect(await verifyAuditLog(repo)).toMatchObject({ ok: true, count: 8, pruned: 5 });
    } finally {
      await other.close();
    }
  });

  it('names a record whose field was changed behind its back', async () => {
    const ids = await record(6);
    await disableGuards();
    await sql`update audit_log set actor_name = 'someone else' where id = ${ids[3]}`.execute(store.db);
    expect(await verifyAuditLog(repo)).toMatchObject({ ok: false, badId: ids[3], reason: expect.stringContaining('changed') });
  });

  it('names where the chain breaks when a record in the middle, or the first, is deleted', async () => {
    const ids = await record(6);
    await disableGuards();
    await sql`delete from audit_log where id = ${ids[2]}`.execute(store.db);
    expect(await verifyAuditLog(repo)).toMatchObject({ ok: false, badId: ids[3], reason: expect.stringContaining(`#${ids[3]}`) });
    await sql`delete from audit_log where id = ${ids[0]}`.execute(store.db);
    expect(await verifyAuditLog(repo)).toMatchObject({ ok: false, badId: ids[1] });
  });

  it('names a record inserted out of chain, even with a hash of its own making', async () => {
    const ids = await record(3);
    const forged = { id: ids[2]! + 10, at: daysAgo(0), action: 'user.login', prev_hash: 'f'.repeat(64), hash: 'e'.repeat(64) };
    await store.db.insertInto('audit_log').values(forged).execute();
    expect(await verifyAuditLog(repo)).toMatchObject({ ok: false, badId: forged.id });
  });

  it('keeps one chain when many write at once', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => repo.append({ actor: null, action: `job.${i}` }, daysAgo(0))));
    expect(await verifyAuditLog(repo)).toMatchObject({ ok: true, count: 30 });
  });

  it('prunes records past the age kept, keeps every younger one, and still verifies', async () => {
    const clock = manualClock(new Date(NOW).toISOString());
    const ids = await record(10, 400); // 400 … 391 days old
    await record(3, 200); // 200 … 198 days old
    const before = await store.db.selectFrom('audit_log').select(['id', 'at']).orderBy('id').execute();
    const result = await pruneAuditLog(repo, { keepDays: 365, clock });
    expect(result.pruned).toBe(10);
    const after = await store.db.selectFrom('audit_log').select('id').orderBy('id').execute();
    expect(after.map((r) => Number(r.id))).toEqual(before.slice(10).map((r) => Number(r.id)));
    expect(after.every((r) => Number(r.id) > ids.at(-1)!)).toBe(true);
    expect(await verifyAuditLog(repo)).toMatchObject({ ok: true, count: 13, pruned: 10 });
    // The chain goes on from the checkpoint, and a record deleted just after it is still found.
    await repo.append({ actor: null, action: 'after.prune' }, daysAgo(0));
    expect(await verifyAuditLog(repo)).toMatchObject({ ok: true, count: 14 });
    await expect(sql`delete from audit_checkpoint`.execute(store.db)).rejects.toThrow(/append-only/);
    await disableGuards();
    await sql`delete from audit_log where id = ${Number(after[0]!.id)}`.execute(store.db);
    expect(await verifyAuditLog(repo)).toMatchObject({ ok: false, badId: Number(after[1]!.id) });
  });

  it('refuses to keep records less than six months, and to prune a broken chain', async () => {
    const clock = manualClock(new Date(NOW).toISOString());
    const ids = await record(4, 400);
    await expect(pruneAuditLog(repo, { keepDays: 182, clock })).rejects.toMatchObject({ code: 'AUDIT_KEEP_TOO_SHORT' });
    await disableGuards();
    await sql`update audit_log set comment = 'edited' where id = ${ids[1]}`.execute(store.db);
    await expect(pruneAuditLog(repo, { keepDays: 183, clock })).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN' });
    expect(await store.db.selectFrom('audit_log').select('id').execute()).toHaveLength(4);
  });

  it('chains the records written before the chain existed, in id order, and goes on from them', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const old = dialect === 'sqlite' ? await openStore({ kind: 'sqlite', path: ':memory:' }) : await openStore({ kind: 'postgres', url: env.pgUrl! }, { pgSchema: schema, poolSize: 2 });
    try {
      const migrator = new Migrator({ db: old.db, provider: { getMigrations: async () => migrations }, ...(old.schema ? { migrationTableSchema: old.schema } : {}) });
      await withSchemaLock(dialect, 'shared', () => migrator.migrateTo('0019_audit_entity'));
      for (const action of ['user.login', 'article.create', 'article.transition'])
        await sql`insert into audit_log (at, actor_name, action) values (${daysAgo(10)}, 'ed', ${action})`.execute(old.db);
      await withSchemaLock(dialect, 'shared', () => migrateToLatest(old));
      const chained = createAuditRepo(old.db);
      expect(await verifyAuditLog(chained)).toMatchObject({ ok: true, count: 3 });
      await chained.append({ actor: null, action: 'after.upgrade' }, daysAgo(0));
      expect(await verifyAuditLog(chained)).toMatchObject({ ok: true, count: 4 });
      await expect(sql`update audit_log set action = 'x'`.execute(old.db)).rejects.toThrow(/append-only/);
    } finally {
      await old.close();
    }
  });

  it('finds the newest records gone when given a head from before (the chain alone cannot)', async () => {
    await record(4);
    const { head } = (await verifyAuditLog(repo)) as { head: string };
    await repo.append({ actor: null, action: 'later' }, daysAgo(0));
    expect(await verifyAuditLog(repo, { since: head })).toMatchObject({ ok: true, count: 5 });
    await disableGuards();
    await sql`delete from audit_log where id >= (select max(id) - 1 from audit_log)`.execute(store.db);
    expect(await verifyAuditLog(repo)).toMatchObject({ ok: true, count: 3 });
    expect(await verifyAuditLog(repo, { since: head })).toMatchObject({ ok: false, reason: expect.stringContaining(head) });
  });

  it('is pruned by the server each hour when records are due, and says so when the chain is broken', async () => {
    const clock = manualClock(new Date(NOW).toISOString());
    const services = createServices(store.db, clock);
    const said: { level: string; obj: object; msg: string }[] = [];
    const log = { info: (obj: object, msg: string) => void said.push({ level: 'info', obj, msg }), error: (obj: object, msg: string) => void said.push({ level: 'error', obj, msg }) };
    await record(3, 400);
    const young = await record(2, 30);
    expect(await services.auditLog.prune({ keepDays: 500, onlyIfDue: true })).toMatchObject({ pruned: 0 });
    const pruning = startAuditPruning(services, log, { keepDays: 365 });
    await pruning.stop(); // waits for the first look, made at start
    expect(said).toEqual([{ level: 'info', obj: expect.objectContaining({ pruned: 3 }), msg: 'audit log pruned' }]);
    expect(await verifyAuditLog(repo)).toMatchObject({ ok: true, count: 5, pruned: 3 });
    clock.advance(400 * DAY);
    await disableGuards();
    await sql`update audit_log set comment = 'edited' where id = ${young.at(-1)}`.execute(store.db);
    await startAuditPruning(services, log, { keepDays: 365 }).stop();
    expect(said.at(-1)).toMatchObject({ level: 'error', msg: 'audit log not pruned' });
    expect(await store.db.selectFrom('audit_log').select('id').execute()).toHaveLength(2);
  });
});

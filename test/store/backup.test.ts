// `beiguan backup` and `restore`: a store full of what a site holds comes back row for row, byte for
// byte, and works; a damaged or foreign file is refused before anything is written.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/services.js';
import { backupStore, migrateStoreTo, migrateToLatest, migrationStatus, restoreStore, type Store } from '../../src/db/index.js';
import { migrations } from '../../src/db/migrations/index.js';
import { loadDemoIfEmpty } from '../../src/demo/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { browserFor, TEST_PASSWORD, testApp } from '../helpers/app.js';
import { multipart, transparentPng } from '../helpers/media.js';
import { everyRow, newTarget, openTarget, type Where } from '../helpers/backup.js';
import { env, manualClock, TEST_NOW, testDialects, withSchemaLock } from '../helpers/store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const doc = (...paragraphs: string[]) => ({ type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });
// Chinese, a character outside the BMP, a line separator, quotes and backslashes: text that encoders get wrong.
const TRICKY = '北京市科学技术研究院 𠮷 “引号” \u2028 \\ "quoted" \t 😀';

/** A store with the demo site, a published article with its history, a media upload, accounts, a session and the audit log. */
async function fillSite(where: Where): Promise<string> {
  const store = await openTarget(where);
  const dialect = store.dialect;
  await withSchemaLock(dialect, 'shared', () => migrateToLatest(store));
  await loadDemoIfEmpty(store, fixedClock(TEST_NOW));
  // The app closes the store it was given.
  const t = await testApp(dialect, { store, media: {} });
  try {
    const tokens: Record<string, string> = {};
    for (const role of ['contributor', 'publisher'] as const) {
      await t.services.auth.addUser({ name: role, role, password: TEST_PASSWORD });
      tokens[role] = (await t.services.auth.createToken(role)).token;
    }
    const api = (who: string, method: 'POST' | 'PATCH', url: string, payload: object) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, payload });
    const big = Array.from({ length: 300 }, (_, i) => `${TRICKY} 第${i}段：科学普及与技术创新。`);
    const created = await api('contributor', 'POST', '/api/v1/articles', { lang: 'zh', title: `备份测试 ${TRICKY}`, body: doc('初稿。') });
    expect(created.statusCode, created.body).toBe(201);
    const { id, slug } = created.json();
    expect((await api('contributor', 'PATCH', `/api/v1/articles/${id}`, { revision: 1, body: doc(...big) })).statusCode).toBe(200);
    for (const [who, to] of [['contributor', 'in_review'], ['publisher', 'approved'], ['publisher', 'published']] as const)
      expect((await api(who, 'POST', `/api/v1/articles/${id}/transitions`, { to })).statusCode).toBe(200);
    const image = multipart([['alt', TRICKY], ['file', { filename: '图.png', data: await transparentPng(), type: 'image/png' }]]);
    const uploaded = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { authorization: `Bearer ${tokens.publisher}`, 'content-type': image.contentType }, payload: image.payload });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    await browserFor(t, 'publisher'); // a session in the store
    return slug as string;
  } finally {
    await t.close();
  }
}

/**
 * A restored store serves the article fillSite made, signs its publisher in and numbers on past the
 * restored rows (`more` checks more before that); the app is closed after.
 */
async function expectSiteWorks(t: Awaited<ReturnType<typeof testApp>>, slug: string, more?: (t: Awaited<ReturnType<typeof testApp>>) => Promise<void>) {
  try {
    const page = await t.app.inject(`/zh/news/${slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('第299段');
    await more?.(t);
    const publisher = await browserFor(t, 'publisher');
    expect((await publisher.get('/admin')).statusCode).toBe(200);
    const token = (await t.services.auth.createToken('contributor')).token;
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: { authorization: `Bearer ${token}` }, payload: { lang: 'en', title: 'After the restore' } });
    expect(created.statusCode, created.body).toBe(201);
  } finally {
    await t.close();
  }
}

describe.each(testDialects())('backup and restore on %s', (dialect) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-backup-'));
  const source = newTarget(dialect, dir);
  let store: Store;
  let before: Record<string, string[]>;
  let slug: string;
  const file = path.join(dir, 'site.backup');

  beforeAll(async () => {
    slug = await fillSite(source);
    store = await openTarget(source);
    before = await everyRow(store);
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds a store with the site, its history, media, accounts, sessions and audit', () => {
    for (const table of ['article', 'article_revision', 'audit_log', 'media', 'media_variant', 'app_user', 'user_session', 'api_token', 'institution', 'page'])
      expect(before[table]?.length, table).toBeGreaterThan(0);
    expect(Object.values(before).flat().join('\n')).toContain('𠮷');
  });

  it('restores every row of every table into an empty store, which then serves the site and signs in', async () => {
    await backupStore(source.target, file, { pgSchema: source.pgSchema });
    const restored = newTarget(dialect, dir);
    const summary = await withSchemaLock(dialect, 'shared', () => restoreStore(restored.target, file, { pgSchema: restored.pgSchema }));
    expect(summary.upgraded).toEqual([]);
    const copy = await openTarget(restored);
    expect(await everyRow(copy)).toEqual(before);
    expect((await migrationStatus(copy)).applied).toEqual((await migrationStatus(store)).applied);

    await expectSiteWorks(await testApp(dialect, { store: copy }), slug);
  });

  it('refuses to replace a store with content unless forced, and then replaces it exactly', async () => {
    await backupStore(source.target, file, { pgSchema: source.pgSchema });
    const other = newTarget(dialect, dir);
    const t = await testApp(dialect, { store: await openTarget(other) });
    await withSchemaLock(dialect, 'shared', () => migrateToLatest(t.store));
    await t.services.auth.addUser({ name: 'someone', role: 'editor', password: TEST_PASSWORD });
    // PostgreSQL: another application's table in the same schema, which a restore must leave alone.
    if (dialect === 'postgres') await sql`create table other_app_note (id serial primary key, note text); insert into other_app_note (note) values ('keep me')`.execute(t.store.db);
    const theirs = await everyRow(t.store);
    await t.close();

    await expect(restoreStore(other.target, file, { pgSchema: other.pgSchema })).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY' });
    let copy = await openTarget(other);
    expect(await everyRow(copy)).toEqual(theirs);
    await copy.close();

    await withSchemaLock(dialect, 'shared', () => restoreStore(other.target, file, { pgSchema: other.pgSchema, force: true }));
    copy = await openTarget(other);
    const { other_app_note: note, ...restored } = await everyRow(copy);
    expect(restored).toEqual(before);
    if (dialect === 'postgres') expect(note).toEqual(['(1,"keep me")']);
    await copy.close();
  });

  it('refuses a damaged, cut short or foreign file, naming it, and leaves the target as it was', async () => {
    await backupStore(source.target, file, { pgSchema: source.pgSchema });
    const whole = fs.readFileSync(file);
    const bad: Record<string, Buffer> = {
      'cut-short': whole.subarray(0, Math.floor(whole.length / 2)),
      empty: Buffer.alloc(0),
      'not-a-backup': Buffer.from('name,role\nbob,editor\n'),
      'other-gzip': gzipSync('{"format":"something-else"}\n'),
      'damaged-middle': Buffer.concat([whole.subarray(0, 4096), Buffer.alloc(4096, 0x55), whole.subarray(8192)]),
    };
    for (const [name, bytes] of Object.entries(bad)) {
      const badFile = path.join(dir, `${name}.backup`);
      fs.writeFileSync(badFile, bytes);
      const error = await restoreStore(source.target, badFile, { pgSchema: source.pgSchema, force: true }).catch((e: unknown) => e);
      expect(error, name).toMatchObject({ code: 'BACKUP_FILE_INVALID' });
      expect((error as Error).message, name).toContain(badFile);
      expect(await everyRow(store), name).toEqual(before);
    }
    const missing = path.join(dir, 'missing.backup');
    await expect(restoreStore(source.target, missing, { pgSchema: source.pgSchema })).rejects.toMatchObject({ code: 'BACKUP_FILE_INVALID' });
  });

  it('brings a backup from an older Beiguan up to date, and refuses one from a newer', async () => {
    const names = Object.keys(migrations).sort();
    const older = newTarget(dialect, dir);
    const old = await openTarget(older);
    await withSchemaLock(dialect, 'shared', () => migrateStoreTo(old, names.at(-2)!));
    await old.close();
    const oldFile = path.join(dir, 'older.backup');
    await backupStore(older.target, oldFile, { pgSchema: older.pgSchema });
    const fresh = newTarget(dialect, dir);
    const summary = await withSchemaLock(dialect, 'shared', () => restoreStore(fresh.target, oldFile, { pgSchema: fresh.pgSchema }));
    expect(summary.upgraded).toEqual([names.at(-1)]);
    const upgraded = await openTarget(fresh);
    expect((await migrationStatus(upgraded)).pending).toEqual([]);
    await upgraded.close();

    // The same backup as a newer version would have made it, with a migration this one does not know.
    const newerFile = path.join(dir, 'newer.backup');
    if (dialect === 'sqlite') {
      fs.copyFileSync(oldFile, newerFile);
      const db = new SQLite(newerFile);
      db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('9999_from_the_future', TEST_NOW);
      db.close();
    } else {
      const [header, ...rest] = gunzipSync(fs.readFileSync(oldFile)).toString('utf8').split('\n');
      const h = JSON.parse(header!);
      h.migrations.push('9999_from_the_future');
      fs.writeFileSync(newerFile, gzipSync([JSON.stringify(h), ...rest].join('\n')));
    }
    const other = newTarget(dialect, dir);
    await expect(restoreStore(other.target, newerFile, { pgSchema: other.pgSchema })).rejects.toMatchObject({ code: 'BACKUP_SCHEMA_NEWER' });
  });

  it('numbers the audit log on past its pruned part after a restore, so that its chain still verifies', async () => {
    const where = newTarget(dialect, dir);
    const pruned = await openTarget(where);
    await withSchemaLock(dialect, 'shared', () => migrateToLatest(pruned));
    const clock = manualClock('2025-01-01T00:00:00.000Z');
    const services = createServices(pruned.db, clock);
    for (let i = 0; i < 3; i++) await services.auth.audit({ actor: null, action: `old.${i}` });
    clock.advance(400 * 86_400_000);
    // Every record was pruned: the highest id left is the checkpoint's.
    expect((await services.auditLog.prune({ keepDays: 365 })).pruned).toBe(3);
    await pruned.close();
    const prunedFile = path.join(dir, 'pruned.backup');
    await backupStore(where.target, prunedFile, { pgSchema: where.pgSchema });
    const into = newTarget(dialect, dir);
    await withSchemaLock(dialect, 'shared', () => restoreStore(into.target, prunedFile, { pgSchema: into.pgSchema }));
    const restored = await openTarget(into);
    try {
      const again = createServices(restored.db, clock);
      await again.auth.audit({ actor: null, action: 'after.restore' });
      expect((await restored.db.selectFrom('audit_log').select('id').executeTakeFirstOrThrow()).id).toBeGreaterThan(3);
      expect(await again.auditLog.verify()).toMatchObject({ ok: true, count: 4, pruned: 3 });
    } finally {
      await restored.close();
    }
  });

  it('exits 2 from the command line on a file that is not a backup, naming it', () => {
    const badFile = path.join(dir, 'notes.txt');
    fs.writeFileSync(badFile, 'not a backup');
    const db = dialect === 'sqlite' ? (source.target as { path: string }).path : `${env.pgUrl}?options=-c%20search_path%3D${source.pgSchema}`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/bin.ts'), 'restore', badFile, '--db', db, '--force'], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(badFile);
  });
});

/** Each table's rows as values both stores give alike (instants as ISO text, numbers as text), sorted. */
async function valuesOf(store: Store, columnsOf: Record<string, string[]>): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [table, columns] of Object.entries(columnsOf)) {
    const rows = await store.db
      .selectFrom(table as never)
      .select(columns as never[])
      .execute();
    out[table] = rows.map((r) => JSON.stringify(columns.map((c) => ((v: unknown) => (v === null ? null : v instanceof Date ? v.toISOString() : String(v)))((r as Record<string, unknown>)[c])))).sort();
  }
  return out;
}

describe.each(testDialects().filter((d) => d === 'postgres'))('a SQLite backup restored into %s', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-migrate-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('brings every row over, and the site then serves, signs in and finds', async () => {
    const source = newTarget('sqlite', dir);
    const slug = await fillSite(source);
    const file = path.join(dir, 'from-sqlite.backup');
    await backupStore(source.target, file);
    const target = newTarget('postgres', dir);
    await withSchemaLock('postgres', 'shared', () => restoreStore(target.target, file, { pgSchema: target.pgSchema }));

    const from = await openTarget(source);
    const to = await openTarget(target);
    try {
      // Every table of the PostgreSQL store but the migrations' own, with the columns SQLite has too
      // (PostgreSQL computes its search vectors); SQLite's full-text tables have no counterpart.
      const tables = (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(to.db)).rows
        .map((t) => t.name)
        .filter((t) => !t.startsWith('kysely_migration'));
      const columnsOf: Record<string, string[]> = {};
      for (const t of tables) columnsOf[t] = (await sql<{ name: string }>`select name from pragma_table_info(${t})`.execute(from.db)).rows.map((c) => c.name);
      expect(Object.values(columnsOf).every((c) => c.length > 0)).toBe(true);
      const expected = await valuesOf(from, columnsOf);
      expect(expected.article!.length).toBeGreaterThan(0);
      expect(await valuesOf(to, columnsOf)).toEqual(expected);
    } finally {
      await from.close();
    }

    await expectSiteWorks(await testApp('postgres', { store: to }), slug, async (t) => {
      const found = await t.app.inject(`/zh/search?q=${encodeURIComponent('备份测试')}`);
      expect(found.body).toContain(`/zh/news/${slug}`);
      expect((await t.app.inject(`/zh/search?q=${encodeURIComponent('无此词语')}`)).body).not.toContain(`/zh/news/${slug}`);
    });
  });

  it('refuses to restore a PostgreSQL backup into SQLite, writing nothing', async () => {
    const source = newTarget('postgres', dir);
    const store = await openTarget(source);
    await withSchemaLock('postgres', 'shared', () => migrateToLatest(store));
    await store.close();
    const file = path.join(dir, 'from-postgres.backup');
    await backupStore(source.target, file, { pgSchema: source.pgSchema });
    const target = newTarget('sqlite', dir);
    await expect(restoreStore(target.target, file)).rejects.toMatchObject({ code: 'BACKUP_STORE_MISMATCH' });
    expect(fs.existsSync((target.target as { path: string }).path)).toBe(false);
  });
});

// `beiguan doctor` as an operator runs it: a real process, one line per check, exit 1 on a failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../src/app/app.js';
import { migrationStatus, type DialectName, type Store } from '../src/db/index.js';
import { generateSigningKeys } from '../src/export/keys.js';
import { systemClock } from '../src/shared/clock.js';
import { env, freshStore, TEST_POLICY, testDialects } from './helpers/store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;

function doctor(args: string[], extraEnv: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/bin.ts'), 'doctor', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, BEIGUAN_DB: '', BEIGUAN_MEDIA_DIR: '', BEIGUAN_BASE_URL: 'https://www.example.test', ...extraEnv },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const line = (out: string, name: string) => out.split('\n').find((l) => l.split(/\s{2,}/)[1] === name) ?? `(no ${name} line)`;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-doctor-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A migrated store and how `--db` names it (on PostgreSQL, its own schema through the URL). */
async function storeFor(dialect: DialectName): Promise<{ db: string; store: Store }> {
  if (dialect === 'sqlite') {
    const file = path.join(dir, `${Math.random().toString(16).slice(2)}.sqlite`);
    const app = await openApp({ kind: 'sqlite', path: file }, systemClock, TEST_POLICY);
    return { db: file, store: app.store };
  }
  const store = await freshStore('postgres');
  const url = new URL(env.pgUrl!);
  url.searchParams.set('options', `-c search_path=${store.schema}`);
  return { db: url.toString(), store };
}

describe.each(testDialects())('beiguan doctor on %s', (dialect) => {
  it('passes a healthy store and a writable media directory, then names a pending migration', async () => {
    const { db, store } = await storeFor(dialect);
    try {
      const media = fs.mkdtempSync(path.join(dir, 'media-'));
      const ok = doctor(['--db', db, '--media-dir', media]);
      expect(ok.err).toBe('');
      expect(ok.code).toBe(0);
      for (const name of ['node', 'config', 'base url', 'store', 'migrations', 'media', 'media disk']) expect(line(ok.out, name)).toMatch(/^ok /);
      expect(line(ok.out, 'media')).toContain(media);
      expect(ok.out).toMatch(/checks: \d+ ok, \d+ warning\(s\), 0 failed/);

      const last = (await migrationStatus(store)).applied.at(-1)!;
      await sql`delete from kysely_migration where name = ${last}`.execute(store.db);
      const pending = doctor(['--db', db, '--media-dir', media]);
      expect(pending.code).toBe(1);
      expect(line(pending.out, 'migrations')).toMatch(new RegExp(`^FAIL .*1 pending: ${last}`));
      expect(line(pending.out, 'store')).toMatch(/^ok /);
    } finally {
      await store.close();
    }
  });

  it('fails on a media directory it cannot write to', async () => {
    const { db, store } = await storeFor(dialect);
    await store.close();
    const file = path.join(dir, 'not-a-dir');
    fs.writeFileSync(file, 'x');
    const r = doctor(['--db', db, '--media-dir', file]);
    expect(r.code).toBe(1);
    expect(line(r.out, 'media')).toMatch(/^FAIL .*not a directory/);
    expect(line(r.out, 'store')).toMatch(/^ok /);
    // Permissions hold back anyone but root.
    if (process.getuid?.() !== 0) {
      const locked = fs.mkdtempSync(path.join(dir, 'locked-'));
      fs.chmodSync(locked, 0o500);
      expect(line(doctor(['--db', db, '--media-dir', locked]).out, 'media')).toMatch(/^FAIL .*not writable/);
    }
  });
});

describe('beiguan doctor on what is broken', () => {
  it('fails on a PostgreSQL server that does not answer, without printing its password', () => {
    const r = doctor(['--db', 'postgres://beiguan:Secret-Pw-913@127.0.0.1:1/nowhere', '--media-dir', dir]);
    expect(r.code).toBe(1);
    expect(line(r.out, 'store')).toMatch(/^FAIL .*cannot reach postgres:\/\/beiguan:\*\*\*@127\.0\.0\.1:1\/nowhere/);
    expect(r.out + r.err).not.toContain('Secret-Pw-913');
  });

  it('is not alone: no command prints the password of a store it cannot reach', () => {
    const db = 'postgres://beiguan:Secret-Pw-913@127.0.0.1:1/nowhere';
    for (const args of [['serve', '--port', '0'], ['migrate', 'status'], ['audit', 'verify'], ['user', 'list']]) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/bin.ts'), ...args, '--db', db], { cwd: root, encoding: 'utf8', env: { ...process.env, BEIGUAN_DB: '' }, timeout: 60_000 });
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toContain('ECONNREFUSED');
      expect(r.stdout + r.stderr, args.join(' ')).not.toContain('Secret-Pw-913');
    }
  });

  it('fails on a SQLite store that is not there, and does not make one', () => {
    const missing = path.join(dir, 'missing.sqlite');
    const r = doctor(['--db', missing, '--media-dir', dir]);
    expect(r.code).toBe(1);
    expect(line(r.out, 'store')).toMatch(/^FAIL .*no store at/);
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('fails on a wrong setting, naming it, and warns on a base URL that is not public', () => {
    const r = doctor(['--db', path.join(dir, 'x.sqlite'), '--media-dir', dir], { BEIGUAN_AUDIT_KEEP_DAYS: '30', BEIGUAN_BASE_URL: '' });
    expect(r.code).toBe(1);
    expect(line(r.out, 'config')).toMatch(/^FAIL .*BEIGUAN_AUDIT_KEEP_DAYS: must be at least 183/);
    const local = doctor(['--db', path.join(dir, 'x.sqlite'), '--media-dir', dir], { BEIGUAN_BASE_URL: '' });
    expect(line(local.out, 'base url')).toMatch(/^warn .*BEIGUAN_BASE_URL/);
    const key = path.join(dir, 'signing.pem');
    fs.writeFileSync(key, generateSigningKeys().privatePem, { mode: 0o644 });
    fs.chmodSync(key, 0o644);
    expect(line(doctor(['--db', path.join(dir, 'x.sqlite'), '--media-dir', dir], { BEIGUAN_SIGNING_KEY: key }).out, 'signing key')).toMatch(/^warn .*mode 644.*chmod 600/);
    fs.writeFileSync(key, 'not a key');
    expect(line(doctor(['--db', path.join(dir, 'x.sqlite'), '--media-dir', dir], { BEIGUAN_SIGNING_KEY: key }).out, 'signing key')).toMatch(/^FAIL /);
    const plain = doctor(['--db', path.join(dir, 'x.sqlite'), '--media-dir', dir], { BEIGUAN_BASE_URL: 'http://www.example.test' });
    expect(line(plain.out, 'base url')).toMatch(/^warn .*not https/);
  });
});

// `beiguan user …` and `beiguan token …` as an operator runs them: a real process, the password on
// standard input, exit codes, and a store checked afterwards through the services.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../src/app/services.js';
import { openStore } from '../src/db/index.js';
import { systemClock } from '../src/shared/clock.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PASSWORD = 'Violet-Harbour-Lamp-42';
const NEW_PASSWORD = 'Granite+Orchard+Kettle-9';
let dir: string;
let db: string;

function beiguan(args: string[], stdin = '') {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/bin.ts'), ...args, '--db', db], {
    cwd: root,
    encoding: 'utf8',
    input: stdin,
    env: { ...process.env, BEIGUAN_DB: '', PORT: '' },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Looks at the store the commands wrote, between runs. */
async function withAuth<T>(work: (auth: ReturnType<typeof createServices>['auth']) => Promise<T>): Promise<T> {
  const store = await openStore({ kind: 'sqlite', path: db.replace(/^sqlite:/, '') });
  try {
    return await work(createServices(store.db, systemClock).auth);
  } finally {
    await store.close();
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-users-'));
  db = `sqlite:${path.join(dir, 'people.sqlite')}`;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('beiguan user and token commands', () => {
  it('adds an account with the password from standard input, never from an argument', async () => {
    const added = beiguan(['user', 'add', 'alice', '--role', 'editor', '--email', 'alice@bjast.example'], `${PASSWORD}\n`);
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    expect(added.out).toBe('Added alice (editor).\n');

    const common = beiguan(['user', 'add', 'bob', '--role', 'editor'], 'password1234\n');
    expect(common.code).toBe(2);
    expect(common.err).toMatch(/too common.*\(password\)/);
    expect(common.out).toBe('');

    const asArgument = beiguan(['user', 'add', 'carol', '--role', 'editor', '--password', PASSWORD]);
    expect(asArgument.code).toBe(2);
    expect(asArgument.err).toContain("unknown option '--password'");

    await withAuth(async (auth) => {
      expect((await auth.listUsers()).map((u) => u.name)).toEqual(['alice']);
      await expect(auth.login({ name: 'alice', password: PASSWORD, clientAddress: null })).resolves.toBeDefined();
    });
  });

  it('creates an API token alone on standard output, lists it and revokes it', async () => {
    const created = beiguan(['token', 'create', '--user', 'alice', '--label', 'deploy']);
    expect(created.code).toBe(0);
    expect(created.err).toBe('');
    expect(created.out).toMatch(/^bg_[A-Za-z0-9_-]{43}\n$/);
    const token = created.out.trim();
    expect(await withAuth((auth) => auth.actorForToken(token))).toMatchObject({ name: 'alice', role: 'editor' });

    const listed = beiguan(['token', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^\s+1 +alice +deploy +active, last used \d{4}-/m);
    expect(listed.out).not.toContain(token);

    const revoked = beiguan(['token', 'revoke', '1']);
    expect(revoked.code).toBe(0);
    expect(revoked.out).toBe('Revoked token 1.\n');
    expect(await withAuth((auth) => auth.actorForToken(token))).toBeUndefined();
    const badId = beiguan(['token', 'revoke', 'one']);
    expect(badId.code).toBe(2);
    expect(badId.err).toContain('token ids are numbers');
  });

  it('resets a password from standard input, disables an account and lists it as disabled', async () => {
    const reset = beiguan(['user', 'reset-password', 'alice'], `${NEW_PASSWORD}\n`);
    expect(reset.code).toBe(0);
    expect(reset.out + reset.err).not.toContain(NEW_PASSWORD);
    await withAuth(async (auth) => {
      await expect(auth.login({ name: 'alice', password: PASSWORD, clientAddress: null })).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
      await expect(auth.login({ name: 'alice', password: NEW_PASSWORD, clientAddress: null })).resolves.toBeDefined();
    });

    const disabled = beiguan(['user', 'disable', 'alice']);
    expect(disabled.code).toBe(0);
    await withAuth(async (auth) => {
      expect(await auth.countUsers()).toBe(1);
      expect((await auth.getUser('alice')).disabledAt).not.toBeNull();
    });

    const listed = beiguan(['user', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^alice +editor +disabled +- +alice@bjast\.example$/m);
  });
});

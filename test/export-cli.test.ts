// `beiguan export` and `beiguan verify` as cron runs them: real processes, real files, exit codes,
// and exports killed with SIGKILL at random moments that leave the previous export whole.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../src/app/app.js';
import { loadDemoIfEmpty } from '../src/demo/index.js';
import { loadPublicKey } from '../src/export/keys.js';
import { MANIFEST_FILE } from '../src/export/manifest.js';
import { problems, verifyExport } from '../src/export/verify.js';
import { articleInput } from './helpers/app.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = ['--import', 'tsx', path.join(root, 'src/cli/bin.ts')];
let dir: string;
let db: string;
let out: string;
let keyFile: string;

function beiguan(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [...cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, BEIGUAN_DB: db, BEIGUAN_MEDIA_DIR: path.join(dir, 'media'), BEIGUAN_SIGNING_KEY: '', BEIGUAN_VERIFY_KEY: '', BEIGUAN_BASE_URL: '', ...env },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function retitle(suffix: string) {
  const opened = await openApp({ kind: 'sqlite', path: db });
  try {
    for (let i = 1; i <= 300; i++) await opened.services.news.upsertImported({ ...articleInput('en', `Report ${i}${suffix}`, `2023-01-01T00:00:00.000Z`), legacyKey: `report-${i}` });
  } finally {
    await opened.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'beiguan-export-cli-'));
  db = path.join(dir, 'store.sqlite');
  out = path.join(dir, 'site');
  keyFile = path.join(dir, 'signing.pem');
  const opened = await openApp({ kind: 'sqlite', path: db });
  await loadDemoIfEmpty(opened.store, opened.clock);
  await opened.close();
  await retitle('');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('beiguan export and verify', () => {
  it('needs a key, makes one pair and never overwrites it', () => {
    const none = beiguan(['export', '--out', out]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/needs an Ed25519 key: give --key FILE or set BEIGUAN_SIGNING_KEY/);
    const made = beiguan(['keygen', keyFile]);
    expect(made.code).toBe(0);
    expect(existsSync(`${keyFile}.pub`)).toBe(true);
    const again = beiguan(['keygen', keyFile]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('never overwrites');
    const wrong = beiguan(['export', '--out', out, '--key', `${keyFile}.pub`]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('signing.pem.pub');
  });

  it('exports, verifies, names a defaced file with exit 1 and restores it', async () => {
    const first = beiguan(['export', '--out', out, '--key', keyFile, '--base-url', 'https://www.bjast.example']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Exported \d+ files to .* \(full\): \d+ written, 0 unchanged/);
    const ok = beiguan(['verify', out, '--public-key', `${keyFile}.pub`]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^OK: \d+ files match the signed manifest/);

    const page = path.join(out, 'en/news/report-7.html');
    const original = await readFile(page);
    await writeFile(page, Buffer.concat([original, Buffer.from(' ')]));
    const found = beiguan(['verify', out, '--public-key', `${keyFile}.pub`]);
    expect(found.code).toBe(1);
    expect(found.out).toContain('modified  en/news/report-7.html');
    const restored = beiguan(['verify', out, '--restore', '--public-key', `${keyFile}.pub`]);
    expect(restored.out).toContain('restored  en/news/report-7.html');
    expect((await readFile(page)).equals(original)).toBe(true);
    expect(beiguan(['verify', out, '--public-key', `${keyFile}.pub`]).code).toBe(0);

    // Whoever alters pages and rewrites the manifest to match cannot sign it.
    const manifestFile = path.join(out, MANIFEST_FILE);
    const manifest = await readFile(manifestFile, 'utf8');
    await writeFile(manifestFile, manifest.replace(/"size": (\d+)/, (_m, n: string) => `"size": ${Number(n) + 1}`));
    const forged = beiguan(['verify', out, '--public-key', `${keyFile}.pub`]);
    expect(forged.code).toBe(1);
    expect(forged.err).toContain('the signature does not match');
    await writeFile(manifestFile, manifest);
  });

  it('leaves the previous export whole when an export is killed at any moment', async () => {
    const publicKey = loadPublicKey(`${keyFile}.pub`);
    const before = await readFile(path.join(out, MANIFEST_FILE), 'utf8');
    await retitle(' (revised)');
    let interrupted = 0;
    const builds = path.join(dir, '.site.builds');
    const writing = async () => (await readdir(builds)).some((n) => n.endsWith('.partial'));
    for (let i = 0; i < 6; i++) {
      const child = spawn(process.execPath, [...cli, 'export', '--full', '--out', out, '--key', keyFile, '--base-url', 'https://www.bjast.example'], {
        cwd: root,
        env: { ...process.env, BEIGUAN_DB: db, BEIGUAN_MEDIA_DIR: path.join(dir, 'media') },
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      let done = false;
      void exited.then(() => (done = true));
      if (i === 0) {
        // Once while it starts up, before it writes anything.
        await new Promise((r) => setTimeout(r, 300));
      } else {
        // The others at a random moment after it began writing files (however slow the machine).
        while (!done && !(await writing())) await new Promise((r) => setTimeout(r, 10));
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 600)));
      }
      child.kill('SIGKILL');
      await exited;
      if (await writing()) interrupted++;
      const r = await verifyExport(out, publicKey);
      expect(problems(r), `kill ${i}`).toBe(0);
      const now = await readFile(path.join(out, MANIFEST_FILE), 'utf8');
      // Either the previous export, untouched, or (when it finished first) the new one, whole.
      if (now !== before) expect(await readFile(path.join(out, 'en/news/report-7.html'), 'utf8')).toContain('Report 7 (revised)');
      else expect(await readFile(path.join(out, 'en/news/report-7.html'), 'utf8')).not.toContain('(revised)');
    }
    // At least one kill fell while files were being written (not only before or after).
    expect(interrupted).toBeGreaterThan(0);
    const done = beiguan(['export', '--out', out, '--key', keyFile, '--base-url', 'https://www.bjast.example']);
    expect(done.code).toBe(0);
    expect(await readFile(path.join(out, 'en/news/report-7.html'), 'utf8')).toContain('Report 7 (revised)');
    // Unfinished builds of the killed exports are gone: the current build and the one before it remain.
    const left = await readdir(builds, { withFileTypes: true });
    expect(left.filter((e) => e.isDirectory()).length).toBeLessThanOrEqual(2);
  }, 240_000);
});

// The `beiguan` command as an operator runs it: a real process, real files, exit codes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;

function beiguan(rawArgs: string[], env: Record<string, string> = {}) {
  // File names are relative to the test's folder; the process runs from the checkout (for tsx).
  const args = rawArgs.map((a) => (/^[\w.-]+\.(txt|sqlite)$/.test(a) ? path.join(dir, a) : a.replace(/^sqlite:(?!\/)/, `sqlite:${dir}/`)));
  if (env.BEIGUAN_DB) env = { ...env, BEIGUAN_DB: env.BEIGUAN_DB.replace(/^sqlite:(?!\/)/, `sqlite:${dir}/`) };
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/bin.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, BEIGUAN_DB: '', PORT: '', ...env },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-cli-'));
  fs.writeFileSync(path.join(dir, 'directory.txt'), '1 - First Institute\n\nIt studies things.\n\n2 – Second Office\n\n\n');
  fs.writeFileSync(path.join(dir, 'dated.txt'), 'A dated story\nDate:2021-03-05 09:30\n\nThe first paragraph.\n\nThe second paragraph.\n');
  fs.writeFileSync(path.join(dir, 'empty.txt'), '');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('beiguan CLI', () => {
  it('imports files, prints a summary and what needs an editor', () => {
    const r = beiguan(['import', '--db', 'sqlite:store.sqlite', 'directory.txt', 'dated.txt']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Summary: 3 created, 0 updated, 0 failed');
    expect(r.out).toMatch(/Second Office.*no profile/);
    const again = beiguan(['import', '--db', 'sqlite:store.sqlite', 'directory.txt', 'dated.txt']);
    expect(again.out).toContain('Summary: 0 created, 3 updated, 0 failed');
  });

  it('reports a bad file by name, imports the others and exits non-zero', () => {
    const r = beiguan(['import', '--db', 'bad.sqlite', 'empty.txt', 'dated.txt', 'missing.txt']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/empty\.txt: .*empty/);
    expect(r.err).toMatch(/missing\.txt: no such file/);
    expect(r.out).toContain('Summary: 1 created, 0 updated, 2 failed');
  });

  it('imports a map of old addresses whole, or nothing of it, naming the map\'s line at fault', () => {
    const map = path.join(dir, 'map.csv');
    fs.writeFileSync(map, 'legacy_url,file\n/Html/Article/20210305/88.html,dated.txt\n/Html/Institutions.html,directory.txt\n');
    const r = beiguan(['import', '--db', 'sqlite:mapped.sqlite', '--legacy-map', map]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('dated.txt: article (en), 1 created, 0 updated, 1 old address redirected');
    expect(r.out).toContain('Summary: 3 created, 0 updated, 0 failed, 2 redirects');

    const bad = path.join(dir, 'bad-map.csv');
    fs.writeFileSync(bad, 'legacy_url,file\n/Html/Article/20210305/88.html,dated.txt\n/Html/Closed.html,nope.txt\n');
    const refused = beiguan(['import', '--db', 'sqlite:mapped.sqlite', '--legacy-map', bad]);
    expect(refused.code).toBe(2);
    expect(refused.err).toBe(`beiguan import: ${bad}:3: file "nope.txt" not found\nbeiguan import: nothing of the map was written.\n`);
    const both = beiguan(['import', '--db', 'sqlite:mapped.sqlite', '--legacy-map', map, 'dated.txt']);
    expect(both.code).toBe(2);
    expect(both.err).toContain('not both');
  });

  it('stops on a wrong setting with a message that names it', () => {
    const db = beiguan(['migrate', '--db', 'ftp://example/x']);
    expect(db.code).toBe(2);
    expect(db.err).toContain('--db / BEIGUAN_DB');
    const port = beiguan(['serve', '--db', 'x.sqlite', '--port', 'eighty']);
    expect(port.code).toBe(2);
    expect(port.err).toContain('--port / PORT');
    const envPort = beiguan(['serve', '--db', 'x.sqlite'], { PORT: '70000' });
    expect(envPort.code).toBe(2);
    expect(envPort.err).toMatch(/PORT: must be between 0 and 65535 \(got "70000"\)/);
    const lang = beiguan(['import', '--lang', 'fr', 'dated.txt']);
    expect(lang.code).toBe(2);
    expect(lang.err).toContain('--lang');
  });

  it('migrates a new store and then finds it up to date; says what is pending before', () => {
    const before = beiguan(['migrate', 'status', '--db', 'sqlite:m.sqlite']);
    expect(before.code).toBe(1);
    expect(before.out).toContain('0 migration(s) applied');
    expect(before.out).toMatch(/Pending: 0001_initial, 0002_people, .*\(apply them with `beiguan migrate up`\)/);
    const first = beiguan(['migrate', 'up', '--db', 'sqlite:m.sqlite']);
    expect(first.code).toBe(0);
    expect(first.out).toContain('0001_initial');
    const second = beiguan(['migrate'], { BEIGUAN_DB: 'sqlite:m.sqlite' });
    expect(second.out).toContain('is up to date');
    const after = beiguan(['migrate', 'status'], { BEIGUAN_DB: 'sqlite:m.sqlite' });
    expect(after.code).toBe(0);
    expect(after.out).toMatch(/applied, the last \d{4}_\w+\.\nNothing pending\./);
  });

  it('builds the search index anew from the published content', () => {
    expect(beiguan(['import', '--db', 'sqlite:search.sqlite', 'directory.txt', 'dated.txt']).code).toBe(0);
    const r = beiguan(['search', 'reindex', '--db', 'sqlite:search.sqlite']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Indexed 3 published items');
  });

  it('never prints a PostgreSQL password', () => {
    const r = beiguan(['migrate', '--db', 'postgres://user:s3cret@127.0.0.1:1/nodb']);
    expect(r.code).toBe(1);
    expect(r.out + r.err).not.toContain('s3cret');
  });
});

// The real server (`beiguan serve`) in a process of its own, for tests that kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbTarget } from '../../src/config/index.js';
import { env } from './store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `--db` for a test store: the file, or the test database with the store's schema first on the search path. */
export function dbArgument(target: DbTarget, pgSchema?: string): string {
  if (target.kind === 'sqlite') return target.path;
  const url = new URL(env.pgUrl!);
  if (pgSchema) url.searchParams.set('options', `-c search_path=${pgSchema}`);
  return url.toString();
}

export interface RunningServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Resolves with the exit code when the process has ended. */
  exited: Promise<number | null>;
  /** What it printed so far, standard output and error together. */
  output(): string;
}

export interface ServerOptions {
  /** More arguments for `serve` (a later flag wins over these defaults: --log-level info). */
  args?: string[];
  env?: Record<string, string>;
  /** Gets the process at once, to be killed whether or not it came up. */
  children?: ChildProcess[];
}

/** Starts `beiguan serve` on a free port; resolves once it listens. */
export function startServer(db: string, { args = [], env: extraEnv = {}, children }: ServerOptions = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/bin.ts'), 'serve', '--no-demo', '--port', '0', '--host', '127.0.0.1', '--db', db, ...args], {
    cwd: root,
    // The settings of the machine running the tests must not reach the server.
    env: { ...process.env, BEIGUAN_DB: '', PORT: '', LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children?.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const at = out.match(/ at (http:\/\/\S+:(\d+))/);
      if (at) resolve({ url: at[1]!.replace('//localhost', '//127.0.0.1'), port: Number(at[2]), child, exited, output: () => out });
    });
    void exited.then(() => reject(new Error(`the server ended before it listened: ${out}`)));
  });
}

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
  child: ChildProcess;
  /** Resolves when the process has ended. */
  exited: Promise<void>;
}

/** Starts `beiguan serve` on a free port; resolves once it listens. */
export function startServer(db: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/bin.ts'), 'serve', '--no-demo', '--port', '0', '--host', '127.0.0.1', '--db', db], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const at = out.match(/ at (http:\/\/\S+)/);
      if (at) resolve({ url: at[1]!.replace('//localhost', '//127.0.0.1'), child, exited });
    });
    void exited.then(() => reject(new Error(`the server ended before it listened: ${err || out}`)));
  });
}

// `beiguan user …` and `beiguan token …`: accounts from the command line. Passwords come from
// standard input (or a prompt on a terminal), never from the command line, where `ps` shows them.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { openApp } from '../app/app.js';
import { loadDbTarget } from '../config/index.js';
import type { User } from '../people/index.js';
import { notFound } from '../shared/errors.js';

async function withApp<T>(flags: { db?: string }, work: (app: Awaited<ReturnType<typeof openApp>>) => Promise<T>): Promise<T> {
  const app = await openApp(loadDbTarget(flags.db));
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** One line from standard input; on a terminal, asked twice without echo. */
export async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      let muted = false;
      const output = new Writable({ write: (chunk, _enc, done) => (muted || process.stderr.write(chunk), done()) });
      const rl = createInterface({ input: process.stdin, output, terminal: true });
      rl.question(q, (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
      muted = true;
    });
  const first = await ask(prompt);
  const again = await ask('Repeat it: ');
  if (first !== again) throw new Error('the two passwords differ');
  return first;
}

const row = (u: User) =>
  [u.name.padEnd(20), u.role.padEnd(14), (u.disabledAt ? 'disabled' : 'active').padEnd(9), u.hasTotp ? 'totp' : '-   ', u.email ?? ''].join(' ');

export const userCommands = {
  async add(name: string, flags: { db?: string; role: string; email?: string; displayName?: string; locale?: string }) {
    const password = await readPassword(`Password for ${name} (12 characters or more): `);
    await withApp(flags, async ({ services }) => {
      const user = await services.auth.addUser({ name, role: flags.role, email: flags.email ?? null, displayName: flags.displayName, locale: flags.locale, password });
      process.stdout.write(`Added ${user.name} (${user.role}).\n`);
    });
  },
  async list(flags: { db?: string }) {
    await withApp(flags, async ({ services }) => {
      const users = await services.auth.listUsers();
      process.stdout.write(`${['name'.padEnd(20), 'role'.padEnd(14), 'state'.padEnd(9), '2fa ', 'email'].join(' ')}\n`);
      for (const u of users) process.stdout.write(`${row(u)}\n`);
    });
  },
  async disable(name: string, flags: { db?: string }) {
    await withApp(flags, async ({ services }) => {
      await services.auth.disableUser(name);
      process.stdout.write(`Disabled ${name}; its sessions have ended.\n`);
    });
  },
  async enable(name: string, flags: { db?: string }) {
    await withApp(flags, async ({ services }) => {
      await services.auth.enableUser(name);
      process.stdout.write(`Enabled ${name}.\n`);
    });
  },
  async resetPassword(name: string, flags: { db?: string }) {
    const password = await readPassword(`New password for ${name}: `);
    await withApp(flags, async ({ services }) => {
      await services.auth.setPassword(name, password);
      process.stdout.write(`Password of ${name} changed; its sessions have ended.\n`);
    });
  },
  async totp(name: string, flags: { db?: string }) {
    await withApp(flags, async ({ services }) => {
      const uri = await services.auth.enrolTotp(name);
      process.stdout.write(`${uri}\n`);
    });
  },
};

export const tokenCommands = {
  async create(flags: { db?: string; user: string; label?: string }) {
    await withApp(flags, async ({ services }) => {
      const { token } = await services.auth.createToken(flags.user, flags.label);
      // Alone on standard output, so that scripts can capture it.
      process.stdout.write(`${token}\n`);
    });
  },
  async list(flags: { db?: string }) {
    await withApp(flags, async ({ services }) => {
      for (const t of await services.auth.listTokens())
        process.stdout.write(`${String(t.id).padStart(4)}  ${t.userName.padEnd(20)} ${t.label.padEnd(16)} ${t.revokedAt ? `revoked ${t.revokedAt}` : `active, last used ${t.lastUsedAt ?? 'never'}`}\n`);
    });
  },
  async revoke(id: string, flags: { db?: string }) {
    // An AppError, so that this bad input exits with 2 like any other (a plain Error exits with 1).
    if (!/^\d+$/.test(id)) throw notFound('TOKEN_NOT_FOUND', `No token "${id}": token ids are numbers (see "beiguan token list")`);
    await withApp(flags, async ({ services }) => {
      await services.auth.revokeToken(Number(id));
      process.stdout.write(`Revoked token ${id}.\n`);
    });
  },
};

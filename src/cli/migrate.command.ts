import { describeDb, loadDbTarget } from '../config/index.js';
import { migrate } from '../app/app.js';
import { migrationStatus, openStore } from '../db/index.js';

/** `migrate status`: what is applied and what is pending; exits 1 when the store is not current. */
export async function migrateStatusCommand(flags: { db?: string }) {
  const db = loadDbTarget(flags.db);
  const store = await openStore(db);
  try {
    const { applied, pending, unknown } = await migrationStatus(store);
    const lines = [`${describeDb(db)}: ${applied.length} migration(s) applied${applied.length ? `, the last ${applied.at(-1)}` : ''}.`];
    lines.push(pending.length ? `Pending: ${pending.join(', ')} (apply them with \`beiguan migrate up\`).` : 'Nothing pending.');
    if (unknown.length) lines.push(`Applied by a newer version of Beiguan, unknown to this one: ${unknown.join(', ')}.`);
    process.stdout.write(`${lines.join('\n')}\n`);
    if (pending.length || unknown.length) process.exitCode = 1;
  } finally {
    await store.close();
  }
}

/** `migrate` or `migrate up`: applies what is pending. */
export async function migrateCommand(flags: { db?: string }) {
  const db = loadDbTarget(flags.db);
  const store = await openStore(db);
  try {
    const { results = [] } = await migrate(store);
    const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
    process.stdout.write(
      applied.length ? `Applied to ${describeDb(db)}: ${applied.join(', ')}\n` : `${describeDb(db)} is up to date.\n`,
    );
  } finally {
    await store.close();
  }
}

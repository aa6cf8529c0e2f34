import { describeDb, loadDbTarget } from '../config/index.js';
import { migrate } from '../app/app.js';
import { openStore } from '../db/index.js';

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

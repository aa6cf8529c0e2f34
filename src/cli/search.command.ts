import { openApp } from '../app/app.js';
import { inTransaction } from '../app/services.js';
import { describeDb, loadDbTarget } from '../config/index.js';

/** Builds the search index anew from the published content, in one transaction (searches meanwhile see the old one). */
export async function searchReindexCommand(flags: { db?: string }) {
  const db = loadDbTarget(flags.db);
  const opened = await openApp(db);
  try {
    const n = await inTransaction(opened.store, opened.clock, (s) => s.rebuildSearch());
    process.stdout.write(`Indexed ${n} published item${n === 1 ? '' : 's'} in ${describeDb(db)}.\n`);
  } finally {
    await opened.close();
  }
}

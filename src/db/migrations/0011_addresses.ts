// Old addresses: where each redirect came from (the import, a slug change, an editor), and the
// tombstones of addresses whose content left the site (410 Gone rather than 404).
import { type Kysely } from 'kysely';
import { dialectOf, timestampType } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(dialectOf(db));
  await db.schema.alterTable('redirect').addColumn('origin', 'text', (c) => c.notNull().defaultTo('editor')).execute();
  // Before this migration only the importer wrote redirects.
  await db.updateTable('redirect').set({ origin: 'legacy' }).execute();
  await db.schema
    .createTable('gone')
    .addColumn('path', 'text', (c) => c.primaryKey())
    // article, page or institution (it left the site), or editor (an editor said so).
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('gone_at', ts, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('gone').execute();
  await db.schema.alterTable('redirect').dropColumn('origin').execute();
}

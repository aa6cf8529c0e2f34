// When an item's words last changed, apart from its status: updated_at moves on every submit,
// publish and schedule, so comparing it made a freshly published translation look newer than its
// source, and a published source make every translation look out of date. The translation view
// compares this instead; it starts as updated_at, the best guess there is for older rows.
import { sql, type Kysely } from 'kysely';
import { dialectOf, timestampType } from '../dialect.js';

const TABLES = ['article', 'page', 'institution'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(dialectOf(db));
  for (const t of TABLES) {
    await db.schema.alterTable(t).addColumn('content_changed_at', ts).execute();
    await sql`update ${sql.table(t)} set content_changed_at = updated_at`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of TABLES) await db.schema.alterTable(t).dropColumn('content_changed_at').execute();
}

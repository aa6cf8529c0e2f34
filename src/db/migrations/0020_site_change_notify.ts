// PostgreSQL tells every instance at once when the change counter (0010) moves: a NOTIFY is sent
// when the transaction that moved it commits (never for one rolled back), and several in one
// transaction arrive as one. The payload names the schema, so that stores sharing a database
// (one schema each) hear only their own. SQLite has no such thing: its servers keep polling.
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  // The channel is SITE_CHANGE_CHANNEL of db/listen.ts.
  await sql
    .raw(`CREATE FUNCTION beiguan_site_change_notify() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('beiguan_site_change', TG_TABLE_SCHEMA); RETURN NULL; END $$`)
    .execute(db);
  await sql.raw('CREATE TRIGGER site_change_notify AFTER UPDATE ON site_change FOR EACH STATEMENT EXECUTE FUNCTION beiguan_site_change_notify()').execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql.raw('DROP TRIGGER IF EXISTS site_change_notify ON site_change').execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS beiguan_site_change_notify()').execute(db);
}

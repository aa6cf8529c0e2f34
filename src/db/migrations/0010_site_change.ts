// A counter of changes to what visitors may see. Triggers bump it whenever a visible item (or
// something a visible page shows: media, channels, an article's institutions) changes, by
// whatever process: the server, `beiguan import` run beside it, another instance. Each server
// watches it and refreshes its page cache (site/state.ts decides which pages are out of date).
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/** Content tables: only rows that are or were published matter (drafts and autosaves do not). */
const CONTENT = ['article', 'page', 'institution'] as const;
/** Tables whose every change may show on a public page. */
const ALWAYS = ['media', 'channel'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  // Counting what visitors see of a language reads the index alone (it read every row for unpublish_at).
  await db.schema.createIndex('article_visible_ix').on('article').columns(['lang', 'status', 'published_at', 'unpublish_at', 'id']).execute();
  await db.schema
    .createTable('site_change')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('generation', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.insertInto('site_change').values({ id: 1, generation: 0 }).execute();
  const bump = 'UPDATE site_change SET generation = generation + 1 WHERE id = 1';
  const published = (row: 'NEW' | 'OLD') => `${row}.status = 'published'`;
  const linkPublished = (row: 'NEW' | 'OLD') => `EXISTS (SELECT 1 FROM article WHERE article.id = ${row}.article_id AND article.status = 'published')`;
  // [table, event, condition or null]
  const triggers: [string, 'INSERT' | 'UPDATE' | 'DELETE', string | null][] = [];
  for (const t of CONTENT) {
    triggers.push([t, 'INSERT', published('NEW')], [t, 'UPDATE', `${published('OLD')} OR ${published('NEW')}`], [t, 'DELETE', published('OLD')]);
  }
  triggers.push(['article_institution', 'INSERT', linkPublished('NEW')], ['article_institution', 'DELETE', linkPublished('OLD')]);
  for (const t of ALWAYS) triggers.push([t, 'INSERT', null], [t, 'UPDATE', null], [t, 'DELETE', null]);

  if (dialectOf(db) === 'postgres') {
    // Deferred to the commit: the counter's row is locked only for the instant of a commit, after
    // every content row the transaction touches, so a long import does not hold back every save
    // and two transactions cannot each wait for a row the other holds.
    await sql.raw(`CREATE FUNCTION beiguan_site_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${bump}; RETURN NULL; END $$`).execute(db);
    for (const [table, event, when] of triggers) {
      // PostgreSQL's WHEN may not hold subqueries: the article check for links moves into a function.
      const name = `${table}_site_change_${event.toLowerCase()}`;
      if (when?.startsWith('EXISTS')) {
        const row = event === 'DELETE' ? 'OLD' : 'NEW';
        await sql
          .raw(
            `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF ${linkPublished(row)} THEN ${bump}; END IF; RETURN NULL; END $$`,
          )
          .execute(db);
        await sql.raw(`CREATE CONSTRAINT TRIGGER ${name} AFTER ${event} ON ${table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${name}()`).execute(db);
      } else {
        await sql
          .raw(
            `CREATE CONSTRAINT TRIGGER ${name} AFTER ${event} ON ${table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW ${when ? `WHEN (${when})` : ''} EXECUTE FUNCTION beiguan_site_change()`,
          )
          .execute(db);
      }
    }
  } else {
    for (const [table, event, when] of triggers) {
      const name = `${table}_site_change_${event.toLowerCase()}`;
      await sql.raw(`CREATE TRIGGER ${name} AFTER ${event} ON ${table} ${when ? `WHEN ${when}` : ''} BEGIN ${bump}; END`).execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const tables = [...CONTENT, 'article_institution', ...ALWAYS];
  for (const table of tables)
    for (const event of ['insert', 'update', 'delete']) {
      if (dialectOf(db) === 'postgres') {
        await sql.raw(`DROP TRIGGER IF EXISTS ${table}_site_change_${event} ON ${table}`).execute(db);
        await sql.raw(`DROP FUNCTION IF EXISTS ${table}_site_change_${event}()`).execute(db);
      } else await sql.raw(`DROP TRIGGER IF EXISTS ${table}_site_change_${event}`).execute(db);
    }
  if (dialectOf(db) === 'postgres') await sql.raw('DROP FUNCTION IF EXISTS beiguan_site_change()').execute(db);
  await db.schema.dropTable('site_change').execute();
  await db.schema.dropIndex('article_visible_ix').execute();
}

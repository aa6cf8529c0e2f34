// Pages and institutions join the editorial workflow: a status for institutions (the ones already
// in the store stay public), a revision counter, an author and publication times for both, and one
// revision table for the two of them.
import { type Kysely, sql } from 'kysely';
import { dialectOf, idColumn, idColumnType, timestampType } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  const ts = timestampType(d);
  await db.schema
    .alterTable('institution')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('published').check(sql`status in ('draft', 'in_review', 'approved', 'scheduled', 'published', 'unpublished', 'archived')`),
    )
    .execute();
  for (const table of ['page', 'institution']) {
    // One column per statement: SQLite's ALTER TABLE adds one at a time.
    await db.schema.alterTable(table).addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable(table).addColumn('author_id', 'integer', (c) => c.references('app_user.id').onDelete('set null')).execute();
    await db.schema.alterTable(table).addColumn('published_at', ts).execute();
    await db.schema.alterTable(table).addColumn('unpublish_at', ts).execute();
    await db.schema.createIndex(`${table}_schedule_ix`).on(table).columns(['status', 'published_at']).execute();
  }
  // One table for both kinds: the same bookkeeping, one repository. What only one kind has (an
  // institution's contact details and number, a page's position) is kept as JSON in `fields`.
  // No foreign key can point at two tables; pages and institutions are never deleted, only archived.
  await db.schema
    .createTable('content_revision')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('entity_type', 'text', (c) => c.notNull().check(sql`entity_type in ('page', 'institution')`))
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('body', 'text')
    .addColumn('fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('published_at', ts)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer')
    .addColumn('saved_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('content_revision_uq', ['entity_type', 'entity_id', 'revision'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('content_revision').execute();
  for (const table of ['institution', 'page']) {
    await db.schema.dropIndex(`${table}_schedule_ix`).execute();
    for (const column of ['unpublish_at', 'published_at', 'author_id', 'revision']) await db.schema.alterTable(table).dropColumn(column).execute();
  }
  await db.schema.alterTable('institution').dropColumn('status').execute();
}

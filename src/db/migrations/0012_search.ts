// The search index: one row per visible (or scheduled) article, page and institution, holding its
// text already cut into tokens (search/segment.ts), and per store a full-text index over those
// tokens that finds the documents holding every word of a query. Ranking is done outside the store.
import { sql, type Kysely } from 'kysely';
import { dialectOf, idColumn, idColumnType, timestampType } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  const ts = timestampType(dialect);
  let table = db.schema
    .createTable('search_doc')
    .addColumn('id', idColumnType(dialect), idColumn(dialect))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('title_tokens', 'text', (c) => c.notNull())
    .addColumn('body_tokens', 'text', (c) => c.notNull())
    .addColumn('title_length', 'integer', (c) => c.notNull())
    .addColumn('body_length', 'integer', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'integer')
    .addColumn('year', 'integer')
    .addColumn('published_at', ts)
    .addColumn('unpublish_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('search_doc_item_uq', ['type', 'item_id']);
  if (dialect === 'postgres')
    // The tokens as they are: no parser or dictionary of PostgreSQL's gets to cut or stem them again.
    table = table.addColumn('tokens', sql`tsvector`, (c) =>
      c.generatedAlwaysAs(sql`array_to_tsvector(array_remove(string_to_array(title_tokens || ' ' || body_tokens, ' '), ''))`).stored(),
    );
  await table.execute();
  await db.schema.createIndex('search_doc_lang_ix').on('search_doc').columns(['lang', 'type']).execute();
  if (dialect === 'postgres') {
    await sql`CREATE INDEX search_doc_tokens_ix ON search_doc USING gin (tokens)`.execute(db);
    return;
  }
  // The ascii tokenizer takes every non-ASCII character as part of a word, so a Chinese token stays
  // whole whatever Unicode version SQLite's own tables know; tokens are split on spaces only.
  await sql`CREATE VIRTUAL TABLE search_fts USING fts5(title_tokens, body_tokens, content='search_doc', content_rowid='id', tokenize='ascii')`.execute(db);
  const add = `INSERT INTO search_fts(rowid, title_tokens, body_tokens) VALUES (new.id, new.title_tokens, new.body_tokens)`;
  const remove = `INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens) VALUES ('delete', old.id, old.title_tokens, old.body_tokens)`;
  await sql.raw(`CREATE TRIGGER search_doc_fts_insert AFTER INSERT ON search_doc BEGIN ${add}; END`).execute(db);
  await sql.raw(`CREATE TRIGGER search_doc_fts_delete AFTER DELETE ON search_doc BEGIN ${remove}; END`).execute(db);
  await sql.raw(`CREATE TRIGGER search_doc_fts_update AFTER UPDATE ON search_doc BEGIN ${remove}; ${add}; END`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    for (const t of ['insert', 'delete', 'update']) await sql.raw(`DROP TRIGGER IF EXISTS search_doc_fts_${t}`).execute(db);
    await sql`DROP TABLE IF EXISTS search_fts`.execute(db);
  }
  await db.schema.dropTable('search_doc').execute();
}

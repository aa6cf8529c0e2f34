// The media library: uploaded items, the files Beiguan made of each (variants), and where each
// item is used, so that media in use cannot be deleted (the foreign key refuses it too).
import type { Kysely } from 'kysely';
import { dialectOf, idColumn, idColumnType, timestampType } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  const ts = timestampType(d);
  await db.schema
    .createTable('media')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('alt', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_created_ix').on('media').columns(['created_at']).execute();
  await db.schema
    .createTable('media_variant')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_variant_media_ix').on('media_variant').columns(['media_id']).execute();
  await db.schema
    .createTable('media_use')
    .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id'))
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_use_pk', ['media_id', 'owner_type', 'owner_id'])
    .execute();
  await db.schema.createIndex('media_use_owner_ix').on('media_use').columns(['owner_type', 'owner_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('media_use').execute();
  await db.schema.dropTable('media_variant').execute();
  await db.schema.dropTable('media').execute();
}

import { type Kysely, sql } from 'kysely';
import { dialectOf, idColumn, idColumnType, timestampType } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  const ts = timestampType(d);

  await db.schema
    .createTable('language')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('native_name', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db
    .insertInto('language')
    .values([
      { code: 'zh', name: 'Chinese', native_name: '中文', is_default: 1, position: 1 },
      { code: 'en', name: 'English', native_name: 'English', is_default: 0, position: 2 },
    ])
    .execute();

  await db.schema
    .createTable('channel')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.insertInto('channel').values({ slug: 'news', name_zh: '新闻动态', name_en: 'News', position: 1 }).execute();

  await db.schema
    .createTable('institution')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('lang', 'text', (c) => c.notNull().references('language.code'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('profile', 'text')
    .addColumn('external_url', 'text')
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('translation_group', 'integer')
    .addColumn('legacy_key', 'text')
    .addColumn('legacy_source', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('institution_lang_slug_uq', ['lang', 'slug'])
    .addUniqueConstraint('institution_lang_legacy_uq', ['lang', 'legacy_key'])
    .addUniqueConstraint('institution_translation_uq', ['translation_group', 'lang'])
    .execute();
  await db.schema.createIndex('institution_directory_ix').on('institution').columns(['lang', 'position']).execute();

  await db.schema
    .createTable('article')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('lang', 'text', (c) => c.notNull().references('language.code'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlStatus()))
    .addColumn('channel_id', 'integer', (c) => c.references('channel.id').onDelete('set null'))
    .addColumn('published_at', ts)
    .addColumn('translation_group', 'integer')
    .addColumn('legacy_key', 'text')
    .addColumn('legacy_id', 'text')
    .addColumn('legacy_url', 'text')
    .addColumn('legacy_source', 'text')
    .addColumn('legacy_prev_title', 'text')
    .addColumn('legacy_next_title', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('article_lang_slug_uq', ['lang', 'slug'])
    .addUniqueConstraint('article_lang_legacy_uq', ['lang', 'legacy_key'])
    .addUniqueConstraint('article_translation_uq', ['translation_group', 'lang'])
    .execute();
  await db.schema
    .createIndex('article_listing_ix')
    .on('article')
    .columns(['lang', 'status', 'published_at', 'id'])
    .execute();
  await db.schema.createIndex('article_title_ix').on('article').columns(['lang', 'title']).execute();

  await db.schema
    .createTable('page')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('lang', 'text', (c) => c.notNull().references('language.code'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlStatus()))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('translation_group', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('page_lang_slug_uq', ['lang', 'slug'])
    .addUniqueConstraint('page_translation_uq', ['translation_group', 'lang'])
    .execute();

  await db.schema
    .createTable('redirect')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('from_path', 'text', (c) => c.notNull().unique())
    .addColumn('to_path', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull().defaultTo(301))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
}

function sqlStatus() {
  return sql`status in ('draft', 'in_review', 'approved', 'scheduled', 'published', 'unpublished', 'archived')`;
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['redirect', 'page', 'article', 'institution', 'channel', 'language']) {
    await db.schema.dropTable(t).execute();
  }
}

// What an editor sets beside the text: SEO title and description, the institutions an article is
// about; and which channels and institutions an editor looks after.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('article').addColumn('seo_title', 'text').execute();
  await db.schema.alterTable('article').addColumn('seo_description', 'text').execute();
  // The fields beside the text, as they were at each revision (JSON), for comparing revisions.
  await db.schema.alterTable('article_revision').addColumn('fields', 'text').execute();
  await db.schema
    .createTable('article_institution')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('article.id').onDelete('cascade'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('article_institution_pk', ['article_id', 'institution_id'])
    .execute();
  await db.schema.createIndex('article_institution_ix').on('article_institution').column('institution_id').execute();
  await db.schema
    .createTable('user_channel')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channel.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_channel_pk', ['user_id', 'channel_id'])
    .execute();
  await db.schema
    .createTable('user_institution')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_institution_pk', ['user_id', 'institution_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['user_institution', 'user_channel', 'article_institution']) await db.schema.dropTable(t).execute();
  await db.schema.alterTable('article_revision').dropColumn('fields').execute();
  await db.schema.alterTable('article').dropColumn('seo_description').execute();
  await db.schema.alterTable('article').dropColumn('seo_title').execute();
}

// Institutions' other names (北京天文馆 is also 天文馆), and where an article's institution links
// come from: an editor's choice, or a mention found in its text on save; links an editor removed
// are remembered, so that the next save does not find them again.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('institution_alias')
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('institution_alias_pk', ['institution_id', 'alias'])
    .execute();
  await db.schema.alterTable('article_institution').addColumn('origin', 'text', (c) => c.notNull().defaultTo(sql`'editor'`)).execute();
  await db.schema
    .createTable('article_institution_removed')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('article.id').onDelete('cascade'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('article_institution_removed_pk', ['article_id', 'institution_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('article_institution_removed').execute();
  await db.schema.alterTable('article_institution').dropColumn('origin').execute();
  await db.schema.dropTable('institution_alias').execute();
}

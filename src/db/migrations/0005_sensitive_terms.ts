// The administrators' list of sensitive terms (错敏词) with suggested replacements.
import type { Kysely } from 'kysely';
import { dialectOf, idColumn, idColumnType, timestampType } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  await db.schema
    .createTable('sensitive_term')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('term', 'text', (c) => c.notNull().unique())
    .addColumn('replacement', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', timestampType(d), (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sensitive_term').execute();
}

// The audit log by what it is about: an item's screen reads its latest submission (whether its
// author confirmed the accessibility warnings) without scanning six months of log.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('audit_log_entity_ix').on('audit_log').columns(['entity_type', 'entity_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_entity_ix').execute();
}

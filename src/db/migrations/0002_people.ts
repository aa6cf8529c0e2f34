// Accounts, sessions, API tokens, login throttling and the append-only audit log.
import { type Kysely, sql } from 'kysely';
import { dialectOf, idColumn, idColumnType, timestampType } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  const ts = timestampType(d);

  await db.schema
    .createTable('app_user')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('contributor', 'editor', 'publisher', 'administrator')`))
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('password_changed_at', ts, (c) => c.notNull())
    .addColumn('totp_secret', 'text')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_failed_at', ts)
    .addColumn('locked_until', ts)
    .addColumn('disabled_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_session')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('client_address', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('user_session_user_ix').on('user_session').column('user_id').execute();

  await db.schema
    .createTable('api_token')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_used_at', ts)
    .addColumn('revoked_at', ts)
    .execute();

  // Failed logins per client address (per account lives on app_user).
  await db.schema
    .createTable('login_throttle')
    .addColumn('client_key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_start', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', idColumnType(d), idColumn(d))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'integer')
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('comment', 'text')
    .addColumn('client_address', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_ix').on('audit_log').columns(['at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_log', 'login_throttle', 'api_token', 'user_session', 'app_user']) await db.schema.dropTable(t).execute();
}

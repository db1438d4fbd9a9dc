import type { Kysely } from 'kysely';

/**
 * Retention (issue #11, LGPD): a hospital's own `retention_days` (null: the
 * server's RETENTION_DAYS), and the indexes the purge walks so it finds what
 * is past the window per tenant without scanning every hospital's rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenant_settings').addColumn('retention_days', 'integer').execute();
  await db.schema.createIndex('messages_tenant_created').on('messages').columns(['tenant_id', 'created_at']).execute();
  await db.schema.createIndex('alerts_tenant_created').on('alerts').columns(['tenant_id', 'created_at']).execute();
  await db.schema.createIndex('outbound_messages_message').on('outbound_messages').columns(['tenant_id', 'message_id']).execute();
  await db.schema.createIndex('alert_reads_tenant_alert').on('alert_reads').columns(['tenant_id', 'alert_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ['alert_reads_tenant_alert', 'outbound_messages_message', 'alerts_tenant_created', 'messages_tenant_created']) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.alterTable('tenant_settings').dropColumn('retention_days').execute();
}

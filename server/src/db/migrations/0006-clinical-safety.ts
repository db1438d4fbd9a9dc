import { type Kysely, sql } from 'kysely';

/**
 * Clinical safety (issue #9):
 * - receipts: `alert_audit` rows with action `delivered`, one per station and
 *   alert (a partial unique index makes a repeated receipt a no-op), and a
 *   count on the alert so every payload can say "entregue a N estações";
 * - escalation state on the alert, claimed with conditional UPDATEs so each
 *   step fires once across instances and restarts;
 * - presence: one row per connected station socket, refreshed by its
 *   instance; rows of a crashed instance stop being refreshed and expire;
 * - "no station online" state per tenant, and a durable outbox for the
 *   external channels (signed webhook, WhatsApp to on-call numbers).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('alert_audit').addColumn('station_id', 'text').execute();
  await db.schema.alterTable('alert_audit').addColumn('station_name', 'text').execute();
  await db.schema.alterTable('alert_audit').addColumn('detail', 'text').execute();
  await db.schema
    .createIndex('alert_audit_delivered_once')
    .on('alert_audit')
    .columns(['tenant_id', 'alert_id', 'station_id'])
    .unique()
    .where(sql.ref('action'), '=', sql.lit('delivered'))
    .execute();

  await db.schema
    .alterTable('alerts')
    .addColumn('delivered_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('alerts')
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('alerts').addColumn('escalated_at', 'text').execute();
  await db.schema.alterTable('alerts').addColumn('escalation_reason', 'text').execute();
  // The escalation sweep reads only recent critical alerts that are not at the top level yet.
  await db.schema.createIndex('alerts_escalation_due').on('alerts').columns(['severity', 'escalation_level', 'created_at']).execute();
  // The age of the oldest unacknowledged critical alert per tenant (a /metrics gauge, issue #11) without a table scan.
  await db.schema
    .createIndex('alerts_unacknowledged_critical')
    .on('alerts')
    .columns(['severity', 'acknowledged_at', 'tenant_id', 'created_at'])
    .execute();

  await db.schema.alterTable('tenant_settings').addColumn('escalation', 'text').execute();

  await db.schema
    .createTable('station_presence')
    .addColumn('socket_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('host', 'text')
    .addColumn('app_version', 'text')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('connected_at', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('station_presence_tenant').on('station_presence').columns(['tenant_id', 'last_seen']).execute();
  await db.schema.createIndex('station_presence_instance').on('station_presence').column('instance_id').execute();

  await db.schema
    .createTable('tenant_presence_state')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('offline_since', 'text')
    .addColumn('notice_sent_at', 'text')
    .execute();

  await db.schema
    .createTable('escalation_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('escalation_outbox_due').on('escalation_outbox').columns(['status', 'next_attempt_at']).execute();
  // Retention deletes an alert's pages with it.
  await db.schema.createIndex('escalation_outbox_alert').on('escalation_outbox').columns(['tenant_id', 'alert_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('escalation_outbox').execute();
  await db.schema.dropTable('tenant_presence_state').execute();
  await db.schema.dropTable('station_presence').execute();
  await db.schema.alterTable('tenant_settings').dropColumn('escalation').execute();
  await db.schema.dropIndex('alerts_unacknowledged_critical').execute();
  await db.schema.dropIndex('alerts_escalation_due').execute();
  for (const column of ['escalation_reason', 'escalated_at', 'escalation_level', 'delivered_count']) {
    await db.schema.alterTable('alerts').dropColumn(column).execute();
  }
  await db.schema.dropIndex('alert_audit_delivered_once').execute();
  for (const column of ['detail', 'station_name', 'station_id']) {
    await db.schema.alterTable('alert_audit').dropColumn(column).execute();
  }
}

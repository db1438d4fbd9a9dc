import type { Kysely } from 'kysely';

/**
 * Initial schema. Written once for both dialects: only portable column types
 * (text, integer, double precision) and constraints. The per-tenant `seq`
 * guarantees live in the database: UNIQUE (tenant_id, seq) and
 * UNIQUE (tenant_id, external_id).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('alert_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('whatsapp_phone_number_id', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('family_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').column('family_id').execute();

  await db.schema
    .createTable('patients')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bed', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('priority', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('patients_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('patients_phone').on('patients').columns(['tenant_id', 'phone']).execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('patient_name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text')
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_at', 'text')
    .addUniqueConstraint('alerts_tenant_seq', ['tenant_id', 'seq'])
    .addUniqueConstraint('alerts_tenant_external_id', ['tenant_id', 'external_id'])
    .execute();
  await db.schema.createIndex('alerts_tenant_patient').on('alerts').columns(['tenant_id', 'patient_id']).execute();

  await db.schema
    .createTable('alert_reads')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_reads_pk', ['alert_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('alert_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_audit_alert').on('alert_audit').columns(['tenant_id', 'alert_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['alert_audit', 'alert_reads', 'alerts', 'patients', 'refresh_tokens', 'users', 'tenants']) {
    await db.schema.dropTable(table).execute();
  }
}

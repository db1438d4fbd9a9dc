import type { Kysely } from 'kysely';

/**
 * Clinical ingest (issue #3): conversations and their messages, the durable
 * webhook inbox (a delivery is stored before Meta gets its 200), the outbound
 * WhatsApp queue (retried, failures visible), and per-tenant settings.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenant_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
    .addColumn('no_response_hours', 'double precision', (c) => c.notNull().defaultTo(4))
    .addColumn('alert_dedupe_minutes', 'integer', (c) => c.notNull().defaultTo(120))
    .addColumn('whatsapp_access_token', 'text')
    .addColumn('triage_rules_extension', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('conversations')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('contact_phone', 'text')
    .addColumn('contact_name', 'text')
    .addColumn('identified', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assumed_by', 'text')
    .addColumn('last_message_at', 'text')
    .addColumn('awaiting_reply_since', 'text')
    .addColumn('no_response_alerted_at', 'text')
    .addColumn('unanswered_since', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversations_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('conversations_patient').on('conversations').columns(['tenant_id', 'patient_id']).execute();
  await db.schema.createIndex('conversations_awaiting').on('conversations').column('awaiting_reply_since').execute();

  await db.schema
    .createTable('messages')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('is_audio', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sent_by_user', 'text')
    .addColumn('delivery_status', 'text')
    .addColumn('delivery_error', 'text')
    .addColumn('triage', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('messages_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('messages_conversation').on('messages').columns(['tenant_id', 'conversation_id', 'created_at']).execute();

  await db.schema
    .createTable('webhook_inbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('webhook_inbox_pending').on('webhook_inbox').column('processed_at').execute();

  await db.schema
    .createTable('outbound_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('to_phone', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('provider_message_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbound_due').on('outbound_messages').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['outbound_messages', 'webhook_inbox', 'messages', 'conversations', 'tenant_settings']) {
    await db.schema.dropTable(table).execute();
  }
}

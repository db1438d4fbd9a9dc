import type { Kysely } from 'kysely';

/**
 * Every WhatsApp message type (issue #10). A patient's reply names the
 * hospital message it answers by WhatsApp's id (`context.id`); for a nurse's
 * reply that id is the outbound queue's `provider_message_id`, looked up per
 * tenant when the answer is triaged with its question. Media itself is not
 * stored: captions and transcripts live in the message's `content`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('outbound_messages_provider_id')
    .on('outbound_messages')
    .columns(['tenant_id', 'provider_message_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbound_messages_provider_id').execute();
}

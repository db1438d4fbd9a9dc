import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * The hospital's message a patient's reply answers (`context.id`): a message
 * stored with that id (an agent posts WhatsApp's own id), or a nurse's reply
 * whose WhatsApp id the outbound queue recorded. Only the hospital's words,
 * and only from the same conversation of the same tenant: a reply never pulls
 * in another patient's text.
 */
export async function repliedQuestion(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
  contextId: string,
): Promise<string | undefined> {
  const stored = await db
    .selectFrom('messages')
    .select('content')
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .where('id', '=', contextId)
    .where('sender', '!=', 'patient')
    .executeTakeFirst();
  if (stored) return stored.content;
  const sent = await db
    .selectFrom('outbound_messages')
    .innerJoin('messages', (join) =>
      join.onRef('messages.tenant_id', '=', 'outbound_messages.tenant_id').onRef('messages.id', '=', 'outbound_messages.message_id'),
    )
    .select('messages.content')
    .where('outbound_messages.tenant_id', '=', tenantId)
    .where('outbound_messages.provider_message_id', '=', contextId)
    .where('messages.conversation_id', '=', conversationId)
    .executeTakeFirst();
  return sent?.content;
}

import type { ConversationMessage, ConversationView, MessageSender } from '@plantao/shared';
import type { ConversationsTable, MessagesTable } from '../db/schema';

export function toMessage(row: MessagesTable): ConversationMessage {
  return {
    id: row.id,
    content: row.content,
    sender: row.sender as MessageSender,
    timestamp: row.created_at,
    ...(row.is_audio ? { isAudio: true } : {}),
    ...(row.delivery_status ? { deliveryStatus: row.delivery_status as 'pending' | 'sent' | 'failed' } : {}),
    ...(row.delivery_error ? { deliveryError: row.delivery_error } : {}),
  };
}

export function toConversationView(row: ConversationsTable, patientName?: string): ConversationView {
  return {
    id: row.id,
    patientId: row.patient_id,
    ...(patientName ? { patientName } : {}),
    unidentified: !row.identified,
    ...(row.contact_phone ? { contactPhone: row.contact_phone } : {}),
    ...(row.contact_name ? { contactName: row.contact_name } : {}),
    status: row.status,
    ...(row.assumed_by ? { assumedBy: row.assumed_by } : {}),
    ...(row.last_message_at ? { lastMessageAt: row.last_message_at } : {}),
    ...(row.awaiting_reply_since ? { awaitingReplySince: row.awaiting_reply_since } : {}),
    ...(row.unanswered_since ? { unansweredSince: row.unanswered_since } : {}),
  };
}

import { Injectable, Inject, NotFoundException, BadRequestException } from '@nestjs/common';
import {
  type ConversationMessage,
  type ConversationUpdatePayload,
  type ConversationUpdateType,
  type ConversationView,
  type MessageSender,
  ServerEvent,
} from '@plantao/shared';
import { Broadcaster } from '../broadcast/broadcaster';
import { Clock } from '../common/clock';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import type { ConversationsTable, MessagesTable } from '../db/schema';
import { PriorityService } from '../priority/priority.service';
import { toConversationView, toMessage } from './conversation-mapper';

export interface InboundMessage {
  messageId: string;
  conversationId: string;
  patientId: string;
  /** False for a phone that matched no patient. */
  identified: boolean;
  contactPhone?: string;
  contactName?: string;
  content: string;
  sender: MessageSender;
  timestamp: string;
  isAudio: boolean;
  /** False for media without text (image, sticker...): stored, shown, not triaged. */
  triageable?: boolean;
}

export interface RecordedInbound {
  duplicate: boolean;
  message: MessagesTable;
  conversation: ConversationsTable;
}

/**
 * Conversations and their messages. A message id is stored once per tenant
 * (WhatsApp redeliveries, agent retries); every change is broadcast as
 * `conversation_update` to the tenant and the patient's subscribers.
 */
@Injectable()
export class ConversationsService {
  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly broadcaster: Broadcaster,
    private readonly priority: PriorityService,
    private readonly clock: Clock,
  ) {}

  async recordInbound(tenantId: string, input: InboundMessage): Promise<RecordedInbound> {
    const db = this.handle.db;
    const now = this.clock.isoNow();
    const fromPatient = input.sender === 'patient';
    const message: MessagesTable = {
      tenant_id: tenantId,
      id: input.messageId,
      conversation_id: input.conversationId,
      patient_id: input.patientId,
      sender: input.sender,
      content: input.content,
      is_audio: input.isAudio ? 1 : 0,
      sent_by_user: null,
      delivery_status: null,
      delivery_error: null,
      triage: null,
      created_at: input.timestamp,
    };
    let duplicate = false;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('conversations')
        .values({
          tenant_id: tenantId,
          id: input.conversationId,
          patient_id: input.patientId,
          contact_phone: input.contactPhone ?? null,
          contact_name: input.contactName ?? null,
          identified: input.identified ? 1 : 0,
          status: 'open',
          assumed_by: null,
          last_message_at: null,
          awaiting_reply_since: null,
          no_response_alerted_at: null,
          unanswered_since: null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
        .execute();
      const inserted = await trx
        .insertInto('messages')
        .values(message)
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      duplicate = !inserted;
      if (duplicate) return;
      const conversation = await this.require(tenantId, input.conversationId, trx);
      await trx
        .updateTable('conversations')
        .set({
          last_message_at: input.timestamp,
          updated_at: now,
          // The patient answered: no longer waiting on them, and now waiting on us.
          ...(fromPatient
            ? {
                awaiting_reply_since: null,
                no_response_alerted_at: null,
                unanswered_since: conversation.unanswered_since ?? input.timestamp,
                ...(conversation.status === 'resolved' ? { status: 'open' as const, assumed_by: null } : {}),
              }
            : {}),
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', input.conversationId)
        .execute();
    });
    const stored = duplicate ? await this.message(tenantId, input.messageId) : message;
    if (!stored) throw new Error('message vanished after insert');
    return { duplicate, message: stored, conversation: await this.require(tenantId, input.conversationId) };
  }

  async setTriage(tenantId: string, messageId: string, triage: unknown): Promise<void> {
    await this.handle.db
      .updateTable('messages')
      .set({ triage: JSON.stringify(triage) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', messageId)
      .execute();
  }

  async assume(tenantId: string, conversationId: string, user: { userId: string; name?: string }): Promise<ConversationView> {
    const now = this.clock.isoNow();
    await this.require(tenantId, conversationId);
    await this.handle.db
      .updateTable('conversations')
      .set({ status: 'assumed', assumed_by: user.userId, updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', conversationId)
      .execute();
    const conversation = await this.require(tenantId, conversationId);
    this.emit(tenantId, conversation, 'conversation_assumed', { userId: user.userId, ...(user.name ? { userName: user.name } : {}) });
    this.priority.recompute(tenantId, conversation.patient_id, 'conversation:assumed');
    return toConversationView(conversation);
  }

  async resolve(tenantId: string, conversationId: string, user: { userId: string; name?: string }): Promise<ConversationView> {
    const now = this.clock.isoNow();
    await this.require(tenantId, conversationId);
    await this.handle.db
      .updateTable('conversations')
      .set({ status: 'resolved', unanswered_since: null, awaiting_reply_since: null, updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', conversationId)
      .execute();
    const conversation = await this.require(tenantId, conversationId);
    this.emit(tenantId, conversation, 'conversation_resolved', { userId: user.userId, ...(user.name ? { userName: user.name } : {}) });
    this.priority.recompute(tenantId, conversation.patient_id, 'conversation:resolved');
    return toConversationView(conversation);
  }

  /** Stores a nurse's reply (delivery pending) and marks the conversation as waiting on the patient. */
  async recordReply(
    tenantId: string,
    conversationId: string,
    messageId: string,
    content: string,
    userId: string,
  ): Promise<{ message: MessagesTable; conversation: ConversationsTable }> {
    const conversation = await this.require(tenantId, conversationId);
    if (!conversation.contact_phone) throw new BadRequestException('This conversation has no WhatsApp contact to reply to');
    const now = this.clock.isoNow();
    const message: MessagesTable = {
      tenant_id: tenantId,
      id: messageId,
      conversation_id: conversationId,
      patient_id: conversation.patient_id,
      sender: 'nurse',
      content,
      is_audio: 0,
      sent_by_user: userId,
      delivery_status: 'pending',
      delivery_error: null,
      triage: null,
      created_at: now,
    };
    await this.handle.db.transaction().execute(async (trx) => {
      await trx.insertInto('messages').values(message).execute();
      await trx
        .updateTable('conversations')
        .set({
          last_message_at: now,
          unanswered_since: null,
          awaiting_reply_since: conversation.awaiting_reply_since ?? now,
          // Replying takes the conversation: it is the replying nurse's until resolved.
          ...(conversation.status === 'assumed' ? {} : { status: 'assumed' as const, assumed_by: userId }),
          updated_at: now,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', conversationId)
        .execute();
    });
    const updated = await this.require(tenantId, conversationId);
    this.emit(tenantId, updated, 'message_sent', { message: toMessage(message), userId });
    this.priority.recompute(tenantId, updated.patient_id, 'conversation:replied');
    return { message, conversation: updated };
  }

  async setDelivery(tenantId: string, messageId: string, status: 'sent' | 'failed', error?: string): Promise<void> {
    await this.handle.db
      .updateTable('messages')
      .set({ delivery_status: status, delivery_error: error ?? null })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', messageId)
      .execute();
    const message = await this.message(tenantId, messageId);
    if (!message) return;
    const conversation = await this.require(tenantId, message.conversation_id);
    this.emit(tenantId, conversation, 'message_sent', {
      message: toMessage(message),
      ...(message.sent_by_user ? { userId: message.sent_by_user } : {}),
    });
  }

  emitNewMessage(tenantId: string, conversation: ConversationsTable, message: MessagesTable, patientName?: string): void {
    this.emit(tenantId, conversation, 'new_message', { message: toMessage(message), ...(patientName ? { patientName } : {}) });
  }

  async list(tenantId: string): Promise<ConversationView[]> {
    const rows = await this.handle.db
      .selectFrom('conversations')
      .leftJoin('patients', (join) =>
        join.onRef('patients.tenant_id', '=', 'conversations.tenant_id').onRef('patients.id', '=', 'conversations.patient_id'),
      )
      .selectAll('conversations')
      .select('patients.name as patient_name')
      .where('conversations.tenant_id', '=', tenantId)
      .orderBy('conversations.last_message_at', 'desc')
      .execute();
    return rows.map((r) => toConversationView(r, r.patient_name ?? undefined));
  }

  async messages(tenantId: string, conversationId: string, limit = 200): Promise<ConversationMessage[]> {
    await this.require(tenantId, conversationId);
    const rows = await this.handle.db
      .selectFrom('messages')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse().map(toMessage);
  }

  async message(tenantId: string, messageId: string): Promise<MessagesTable | undefined> {
    return this.handle.db
      .selectFrom('messages')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', messageId)
      .executeTakeFirst();
  }

  async require(tenantId: string, conversationId: string, db = this.handle.db): Promise<ConversationsTable> {
    const row = await db
      .selectFrom('conversations')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', conversationId)
      .executeTakeFirst();
    if (!row) throw new NotFoundException(`Conversation ${conversationId} not found`);
    return row;
  }

  private emit(
    tenantId: string,
    conversation: ConversationsTable,
    type: ConversationUpdateType,
    extra: Partial<ConversationUpdatePayload> = {},
  ): void {
    this.broadcaster.toTenantAndPatient(tenantId, conversation.patient_id, ServerEvent.ConversationUpdate, {
      type,
      conversationId: conversation.id,
      patientId: conversation.patient_id,
      ...(conversation.identified ? {} : { unidentified: true }),
      ...(conversation.contact_phone ? { contactPhone: conversation.contact_phone } : {}),
      ...(conversation.contact_name ? { contactName: conversation.contact_name } : {}),
      timestamp: this.clock.isoNow(),
      ...extra,
    });
  }
}

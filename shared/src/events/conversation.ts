import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common';

export const MessageSenderSchema = z.enum(['patient', 'nurse', 'agent', 'system']);
export type MessageSender = z.infer<typeof MessageSenderSchema>;

export const SENDER_ALIASES: Readonly<Record<string, MessageSender>> = {
  patient: 'patient',
  paciente: 'patient',
  user: 'patient',
  customer: 'patient',
  contact: 'patient',
  client: 'patient',
  family: 'patient',
  familiar: 'patient',
  nurse: 'nurse',
  enfermeira: 'nurse',
  enfermeiro: 'nurse',
  enfermagem: 'nurse',
  staff: 'nurse',
  hospital: 'nurse',
  doctor: 'nurse',
  medico: 'nurse',
  agent: 'agent',
  ai: 'agent',
  bot: 'agent',
  assistant: 'agent',
  agente: 'agent',
  system: 'system',
  sistema: 'system',
};

/**
 * Integrations name senders their own way. Known aliases map to the four
 * senders Plantão shows; an unknown sender counts as the patient, because
 * its message is then triaged: a missed symptom is worse than a false alarm.
 */
export function canonicalSender(sender: string): MessageSender {
  return SENDER_ALIASES[sender.trim().toLowerCase()] ?? 'patient';
}

/** A sender as integrations send it: any short label, mapped by `canonicalSender`. */
export const IncomingSenderSchema = z.string().trim().min(1).max(40).transform(canonicalSender);

export const ConversationUpdateTypeSchema = z.enum(['new_message', 'message_sent', 'conversation_assumed', 'conversation_resolved']);
export type ConversationUpdateType = z.infer<typeof ConversationUpdateTypeSchema>;

export const ConversationMessageSchema = z.object({
  id: IdSchema,
  content: z.string(),
  sender: MessageSenderSchema,
  timestamp: TimestampSchema,
  isAudio: z.boolean().optional(),
  /** Outbound messages only: WhatsApp delivery, so a nurse sees a reply that did not go out. */
  deliveryStatus: z.enum(['pending', 'sent', 'failed']).optional(),
  deliveryError: z.string().optional(),
});
export type ConversationMessage = z.infer<typeof ConversationMessageSchema>;

/** `conversation_update` payload. */
export const ConversationUpdatePayloadSchema = z.object({
  type: ConversationUpdateTypeSchema,
  conversationId: IdSchema,
  patientId: IdSchema,
  patientName: z.string().optional(),
  message: ConversationMessageSchema.optional(),
  /** User id of the nurse who assumed/resolved the conversation or sent the message. */
  userId: z.string().optional(),
  userName: z.string().optional(),
  /** True when the phone matched no patient: shown as an unidentified contact. */
  unidentified: z.boolean().optional(),
  contactPhone: z.string().optional(),
  contactName: z.string().optional(),
  timestamp: TimestampSchema,
});
export type ConversationUpdatePayload = z.infer<typeof ConversationUpdatePayloadSchema>;

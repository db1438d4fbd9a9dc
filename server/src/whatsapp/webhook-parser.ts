import {
  WhatsAppChangeValueSchema,
  WhatsAppContactSchema,
  type WhatsAppMessage,
  WhatsAppMessageSchema,
  WhatsAppWebhookSchema,
} from '@plantao/shared';
import { describeZodError } from '@plantao/shared';

export interface ParsedInbound {
  phoneNumberId: string;
  wamid: string;
  from: string;
  contactName?: string;
  content: string;
  isAudio: boolean;
  /** Text to triage: only a text message has one. */
  triageable: boolean;
  timestamp: string;
}

export interface RejectedMessage {
  phoneNumberId?: string;
  index: number;
  reason: string;
}

export type ParsedWebhook =
  { ok: false; error: string } | { ok: true; messages: ParsedInbound[]; rejected: RejectedMessage[]; statuses: number };

/**
 * Pure parsing of a webhook body. The envelope must be valid (else the whole
 * delivery is refused); each message is checked on its own, so one bad
 * message among good ones only drops itself. Never throws.
 */
export function parseWebhook(body: unknown): ParsedWebhook {
  const envelope = WhatsAppWebhookSchema.safeParse(body);
  if (!envelope.success) return { ok: false, error: describeZodError(envelope.error) };
  const messages: ParsedInbound[] = [];
  const rejected: RejectedMessage[] = [];
  let statuses = 0;
  for (const entry of envelope.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const value = WhatsAppChangeValueSchema.safeParse(change.value);
      if (!value.success) {
        rejected.push({ index: -1, reason: describeZodError(value.error) });
        continue;
      }
      const phoneNumberId = value.data.metadata.phone_number_id;
      statuses += value.data.statuses?.length ?? 0;
      const names = new Map<string, string>();
      for (const raw of value.data.contacts ?? []) {
        const contact = WhatsAppContactSchema.safeParse(raw);
        if (contact.success && contact.data.profile?.name) names.set(contact.data.wa_id, contact.data.profile.name);
      }
      (value.data.messages ?? []).forEach((raw, index) => {
        const message = WhatsAppMessageSchema.safeParse(raw);
        if (!message.success) {
          rejected.push({ phoneNumberId, index, reason: describeZodError(message.error) });
          return;
        }
        const content = contentOf(message.data);
        if (content === undefined) {
          rejected.push({ phoneNumberId, index, reason: `message of type ${message.data.type} without its ${message.data.type} object` });
          return;
        }
        const contactName = names.get(message.data.from);
        messages.push({
          phoneNumberId,
          wamid: message.data.id,
          from: message.data.from,
          ...(contactName ? { contactName } : {}),
          content,
          isAudio: message.data.type === 'audio',
          triageable: message.data.type === 'text',
          timestamp: new Date(Number(message.data.timestamp) * 1000).toISOString(),
        });
      });
    }
  }
  return { ok: true, messages, rejected, statuses };
}

/** The stored text of a message; media without text is kept as a marker the nurse can read. */
function contentOf(message: WhatsAppMessage): string | undefined {
  if (message.type === 'text') return message.text?.body;
  if (message.type === 'audio') return message.audio ? '[áudio]' : undefined;
  return `[${message.type}]`;
}

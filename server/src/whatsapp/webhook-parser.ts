import { WhatsAppChangeValueSchema, WhatsAppContactSchema, WhatsAppMessageSchema, WhatsAppWebhookSchema } from '@plantao/shared';
import { describeZodError } from '@plantao/shared';
import { readMessage } from './inbound-reading';

export interface ParsedInbound {
  phoneNumberId: string;
  wamid: string;
  from: string;
  contactName?: string;
  /** The WhatsApp type (`text`, `image`, `reaction`…), guessed from the object carried when Meta leaves it out. */
  type: string;
  /** Stored and shown: the text, or a marker of what the message is plus its words (see inbound-reading.ts). */
  content: string;
  /** The words the patient wrote or chose: triaged. Absent when there are none. */
  text?: string;
  /** `context.id` of a reply. */
  replyTo?: string;
  isAudio: boolean;
  /** Audio: the media to fetch for transcription. */
  audio?: { mediaId?: string; mimeType?: string };
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
        // Whatever it is, a message from a valid sender is kept: at worst as a marker of its type.
        const reading = readMessage(message.data);
        const contactName = names.get(message.data.from);
        messages.push({
          phoneNumberId,
          wamid: message.data.id,
          from: message.data.from,
          ...(contactName ? { contactName } : {}),
          ...reading,
          isAudio: reading.type === 'audio',
          timestamp: new Date(Number(message.data.timestamp) * 1000).toISOString(),
        });
      });
    }
  }
  return { ok: true, messages, rejected, statuses };
}

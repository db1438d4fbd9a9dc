import type { WhatsAppMessage } from '@plantao/shared';

/**
 * How one WhatsApp message is kept and read (issue #10, "every word the
 * patient sends is read"):
 * - `content` is what is stored and what stations show: the text itself for a
 *   text message, otherwise a marker of what the message is followed by any
 *   words it carries (`[image] 39,4 de febre`, `[button] Sim, estou com falta
 *   de ar`, `[reaction ❤️]`, `[location] Casa (-23.55, -46.63)`);
 * - `text` is the words the patient wrote or chose (body, caption, button
 *   text, interactive reply title and description, a Flow's answers): what
 *   triage reads. Absent when there are none (a reaction, a sticker, a
 *   location, shared contacts, an unsupported message): those are stored as
 *   what they are, never triaged.
 */
export interface InboundReading {
  /** The WhatsApp type, or the object the message carries when `type` is absent. */
  type: string;
  content: string;
  text?: string;
  /** `context.id`: the message this one answers (its text is triaged with the answer). */
  replyTo?: string;
  /** Audio: the Cloud API media id to fetch for transcription. */
  audio?: { mediaId?: string; mimeType?: string };
}

/** The stored marker of a voice note; a transcribed one reads `[áudio transcrito] <transcript>`. */
export const AUDIO_MARKER = '[áudio]';
export const TRANSCRIBED_AUDIO_MARKER = '[áudio transcrito]';
const FORWARDED_MARKER = '[forwarded]';

/** Objects a message may carry, in the order the type is guessed when Meta leaves `type` out. */
const TYPED_OBJECTS = [
  'text',
  'image',
  'video',
  'document',
  'audio',
  'sticker',
  'location',
  'contacts',
  'reaction',
  'button',
  'interactive',
  'order',
  'system',
] as const;

export function messageType(message: WhatsAppMessage): string {
  if (message.type) return message.type;
  return TYPED_OBJECTS.find((key) => message[key] !== undefined) ?? (message.referral ? 'referral' : 'unknown');
}

const words = (...parts: (string | undefined)[]): string | undefined => {
  const kept = parts.map((part) => part?.trim()).filter((part): part is string => Boolean(part));
  return kept.length > 0 ? kept.join('\n') : undefined;
};

const marked = (marker: string, ...parts: (string | undefined)[]): string => {
  const rest = parts.map((part) => part?.trim()).filter(Boolean);
  return rest.length > 0 ? `${marker} ${rest.join(' — ')}` : marker;
};

export function readMessage(message: WhatsAppMessage): InboundReading {
  const type = messageType(message);
  const reading = readByType(type, message);
  // A forward is someone else's words passed on: still read (triage judges who it is about), and shown as such.
  const forwarded = message.context?.forwarded || message.context?.frequently_forwarded;
  const content = forwarded ? `${FORWARDED_MARKER} ${reading.content}` : reading.content;
  const replyTo = !forwarded && message.context?.id ? message.context.id : undefined;
  return { type, ...reading, content, ...(replyTo ? { replyTo } : {}) };
}

function readByType(type: string, message: WhatsAppMessage): Omit<InboundReading, 'type' | 'replyTo'> {
  switch (type) {
    case 'text': {
      const text = words(message.text?.body);
      const body = message.text?.body ?? '';
      if (message.referral) {
        // Click-to-WhatsApp ad: the headline is the hospital's, the body is what the patient sent.
        return withText(marked(`[referral${message.referral.headline ? `: ${message.referral.headline.trim()}` : ''}]`, body), text);
      }
      // The body exactly as sent (even blank); `[text]` only when the text object itself is missing or malformed.
      return withText(message.text ? body : '[text]', text);
    }
    case 'image':
    case 'video':
    case 'sticker': {
      const caption = words(message[type]?.caption);
      return withText(marked(`[${type}]`, caption), caption);
    }
    case 'document': {
      const caption = words(message.document?.caption);
      const name = message.document?.filename?.trim();
      return withText(marked(name ? `[document: ${name}]` : '[document]', caption), caption);
    }
    case 'audio': {
      // A caption on audio is not something WhatsApp offers today; read it if it ever comes.
      const caption = words(message.audio?.caption);
      return {
        ...withText(marked(AUDIO_MARKER, caption), caption),
        audio: {
          ...(message.audio?.id ? { mediaId: message.audio.id } : {}),
          ...(message.audio?.mime_type ? { mimeType: message.audio.mime_type } : {}),
        },
      };
    }
    case 'reaction': {
      const emoji = message.reaction?.emoji?.trim();
      return { content: emoji ? `[reaction ${emoji}]` : '[reaction removed]' };
    }
    case 'location': {
      const place = message.location;
      const at =
        typeof place?.latitude === 'number' && typeof place.longitude === 'number' ? `(${place.latitude}, ${place.longitude})` : undefined;
      return { content: marked('[location]', place?.name, place?.address, at) };
    }
    case 'contacts': {
      const cards = (message.contacts ?? []).map((card) =>
        [
          card.name?.formatted_name ?? words(card.name?.first_name, card.name?.last_name)?.replace('\n', ' '),
          ...(card.phones ?? []).map((p) => p.phone ?? p.wa_id),
        ]
          .filter(Boolean)
          .join(' '),
      );
      return { content: marked('[contacts]', cards.filter(Boolean).join('; ')) };
    }
    case 'button': {
      const text = words(message.button?.text) ?? words(message.button?.payload);
      return withText(marked('[button]', text), text);
    }
    case 'interactive':
      return readInteractive(message);
    case 'order': {
      const text = words(message.order?.text);
      return withText(marked('[order]', text), text);
    }
    case 'system':
      // WhatsApp's own notice (a changed number): shown, not the patient's words.
      return { content: marked('[system]', message.system?.body) };
    default: {
      // unsupported, unknown, or a type WhatsApp adds later: kept as what it is, with Meta's reason when it gives one.
      const reason = message.errors?.[0]?.title;
      return { content: marked(`[${type}]`, reason) };
    }
  }
}

function readInteractive(message: WhatsAppMessage): Omit<InboundReading, 'type' | 'replyTo'> {
  const reply = message.interactive;
  if (reply?.list_reply) {
    const text = words(reply.list_reply.title, reply.list_reply.description);
    return withText(marked('[interactive]', reply.list_reply.title, reply.list_reply.description), text);
  }
  if (reply?.button_reply) {
    const text = words(reply.button_reply.title);
    return withText(marked('[interactive]', text), text);
  }
  if (reply?.nfm_reply) {
    // A WhatsApp Flow (a form): the answers are the patient's words.
    const text = words(...flowAnswers(reply.nfm_reply.response_json));
    return withText(marked('[interactive flow]', text?.split('\n').join('; ')), text);
  }
  return { content: '[interactive]' };
}

/** The string and number answers of a Flow's `response_json` (its `flow_token` is ours, not an answer). */
function flowAnswers(json: string | undefined): string[] {
  if (!json) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [json];
  }
  const out: string[] = [];
  const walk = (value: unknown, key: string, depth: number): void => {
    if (depth > 5 || out.length >= 100 || key === 'flow_token') return;
    if (typeof value === 'string' || typeof value === 'number') out.push(String(value));
    else if (Array.isArray(value)) value.forEach((item) => walk(item, key, depth + 1));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k, depth + 1);
  };
  walk(parsed, '', 0);
  return out;
}

const withText = (content: string, text: string | undefined) => (text ? { content, text } : { content });

/** A voice note with its transcript (and its caption, if one ever comes): stored and shown as such, and read by triage. */
export function withTranscript<T extends { content: string; text?: string }>(message: T, transcript: string): T {
  const forwarded = message.content.startsWith(FORWARDED_MARKER) ? `${FORWARDED_MARKER} ` : '';
  return {
    ...message,
    content: forwarded + marked(TRANSCRIBED_AUDIO_MARKER, transcript, message.text),
    text: words(transcript, message.text),
  };
}

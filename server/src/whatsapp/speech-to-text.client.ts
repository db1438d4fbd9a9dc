import { SpeechToTextResponseSchema } from '@plantao/shared';

/**
 * The hospital's speech-to-text service (SPEECH_TO_TEXT_URL). Contract:
 * `POST <url>` with the voice note's bytes as the raw body, `content-type` the
 * audio's type as WhatsApp gives it (`audio/ogg; codecs=opus` for a voice
 * note), `content-language: pt-BR` and `x-plantao-tenant-id`; it answers 200
 * with `{"text": "<transcript>"}`. Anything else is a failure.
 */
export async function speechToText(
  url: string,
  audio: { bytes: Buffer; mimeType?: string },
  tenantId: string,
  signal: AbortSignal,
): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': audio.mimeType ?? 'application/octet-stream',
      'content-language': 'pt-BR',
      'x-plantao-tenant-id': tenantId,
    },
    body: new Uint8Array(audio.bytes),
    signal,
  });
  if (!response.ok) throw new Error(`speech-to-text answered ${response.status}`);
  const parsed = SpeechToTextResponseSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new Error('speech-to-text answer is not {text}');
  return parsed.data.text;
}

/// <reference lib="dom" />
import type { SoundKind } from '@plantao/shared';
import type { CoreLogger } from '../core/logger';

/** How long a sound waits for a suspended context to resume before it counts as blocked. */
const RESUME_WAIT_MS = 250;

export const SOUND_KINDS: readonly SoundKind[] = ['alarm-high', 'alarm-medium', 'alarm-technical', 'alarm-escalated'];

/** The parts of `AudioContext` this module uses (a fake in tests). */
export type AudioContextLike = Pick<AudioContext, 'state' | 'resume' | 'decodeAudioData' | 'createBufferSource' | 'destination'>;

export interface WebAudioPlayerOptions {
  /** The station's base URL (`…/station/`): the alarm WAVs are at `sounds/<kind>.wav` under it. */
  baseUrl: string;
  fetch: typeof fetch;
  /** `() => new AudioContext()`; called at the first gesture or the first sound, not before. */
  createContext(): AudioContextLike;
  logger: CoreLogger;
}

export interface WebAudioPlayer {
  /** Downloads every alarm WAV now, so the alarms (a lost connection's, a restored escalated alert's) still play once the server is gone. */
  preload(): Promise<void>;
  /** Plays once; rejects when it could not (no file, undecodable, audio blocked by the browser). */
  play(kind: SoundKind): Promise<void>;
  /** Call inside a user gesture: browsers start audio only after one (autoplay policy). */
  unlock(): void;
}

/**
 * `AlarmOutputs.playSound` in a page: the same alarm WAVs as the desktop app
 * (desktop/assets/sounds), decoded once and played through Web Audio.
 */
export function createWebAudioPlayer(options: WebAudioPlayerOptions): WebAudioPlayer {
  const { logger } = options;
  const bytes = new Map<SoundKind, Promise<ArrayBuffer>>();
  const decoded = new Map<SoundKind, Promise<AudioBuffer>>();
  let context: AudioContextLike | undefined;

  const download = (kind: SoundKind): Promise<ArrayBuffer> => {
    let pending = bytes.get(kind);
    if (!pending) {
      const url = new URL(`sounds/${kind}.wav`, options.baseUrl).href;
      pending = options.fetch(url).then(async (response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return response.arrayBuffer();
      });
      // A failed download is tried again at the next sound, not remembered forever.
      pending.catch(() => bytes.delete(kind));
      bytes.set(kind, pending);
    }
    return pending;
  };

  const contextNow = (): AudioContextLike => (context ??= options.createContext());

  const resume = (audio: AudioContextLike): Promise<void> => (audio.state === 'suspended' ? audio.resume() : Promise.resolve());

  const buffer = (audio: AudioContextLike, kind: SoundKind): Promise<AudioBuffer> => {
    let pending = decoded.get(kind);
    if (!pending) {
      // decodeAudioData detaches what it is given: decode a copy, keep the download.
      pending = download(kind).then((data) => audio.decodeAudioData(data.slice(0)));
      pending.catch(() => decoded.delete(kind));
      decoded.set(kind, pending);
    }
    return pending;
  };

  return {
    async preload() {
      const results = await Promise.allSettled(SOUND_KINDS.map(download));
      results.forEach((result, i) => {
        if (result.status === 'rejected') {
          logger.error('alarm sound not downloaded; tried again when it must play', { kind: SOUND_KINDS[i], err: String(result.reason) });
        }
      });
    },

    async play(kind) {
      const audio = contextNow();
      // A context the browser keeps suspended (no gesture yet) never settles `resume()`: wait only briefly.
      const resumed = resume(audio).catch((error: unknown) => logger.warn('audio could not be resumed', { err: String(error) }));
      const data = await buffer(audio, kind);
      await Promise.race([resumed, new Promise((settle) => setTimeout(settle, RESUME_WAIT_MS))]);
      // Started on a suspended context, the sound would ring late, at the next click: refuse instead.
      if (audio.state !== 'running') throw new Error(`audio is blocked by the browser until the page is clicked (${kind} not played)`);
      const source = audio.createBufferSource();
      source.buffer = data;
      source.connect(audio.destination);
      source.start();
    },

    unlock() {
      const audio = contextNow();
      resume(audio).catch((error: unknown) => logger.warn('audio could not be resumed', { err: String(error) }));
    },
  };
}

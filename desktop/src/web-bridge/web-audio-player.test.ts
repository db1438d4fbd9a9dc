import { describe, expect, it, vi } from 'vitest';
import { fakeAudioContext, recordingLogger, soundFetch } from './test-support/fakes';
import { createWebAudioPlayer } from './web-audio-player';

const baseUrl = 'http://127.0.0.1:3000/station/';

describe('web audio player', () => {
  it('downloads every alarm WAV from the station base URL up front, without an AudioContext', async () => {
    const sounds = soundFetch();
    const createContext = vi.fn();
    await createWebAudioPlayer({ baseUrl, fetch: sounds.fetch, createContext, logger: recordingLogger().logger }).preload();
    expect(sounds.requested).toEqual([
      'http://127.0.0.1:3000/station/sounds/alarm-high.wav',
      'http://127.0.0.1:3000/station/sounds/alarm-medium.wav',
      'http://127.0.0.1:3000/station/sounds/alarm-technical.wav',
      'http://127.0.0.1:3000/station/sounds/alarm-escalated.wav',
    ]);
    expect(createContext).not.toHaveBeenCalled();
  });

  it('plays each sound through Web Audio, decoding it once', async () => {
    const sounds = soundFetch();
    const audio = fakeAudioContext();
    const player = createWebAudioPlayer({
      baseUrl,
      fetch: sounds.fetch,
      createContext: () => audio.context,
      logger: recordingLogger().logger,
    });
    await player.preload();
    await player.play('alarm-high');
    await player.play('alarm-high');
    await player.play('alarm-technical');
    expect(audio.started).toEqual(['alarm-high.wav', 'alarm-high.wav', 'alarm-technical.wav']);
    expect(audio.decodes).toEqual(['alarm-high.wav', 'alarm-technical.wav']);
    expect(sounds.requested).toHaveLength(4);
  });

  it('still plays the connection-lost alarm once the server is gone (downloaded before)', async () => {
    const sounds = soundFetch();
    const audio = fakeAudioContext();
    const player = createWebAudioPlayer({
      baseUrl,
      fetch: sounds.fetch,
      createContext: () => audio.context,
      logger: recordingLogger().logger,
    });
    await player.preload();
    sounds.fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await player.play('alarm-technical');
    expect(audio.started).toEqual(['alarm-technical.wav']);
  });

  it('resumes a suspended context, and refuses (no late sound) when the browser keeps it blocked', async () => {
    const resumable = fakeAudioContext('suspended');
    const player = createWebAudioPlayer({
      baseUrl,
      fetch: soundFetch().fetch,
      createContext: () => resumable.context,
      logger: recordingLogger().logger,
    });
    await player.play('alarm-medium');
    expect(resumable.started).toEqual(['alarm-medium.wav']);

    const blocked = fakeAudioContext('suspended', { resumes: false });
    const muted = createWebAudioPlayer({
      baseUrl,
      fetch: soundFetch().fetch,
      createContext: () => blocked.context,
      logger: recordingLogger().logger,
    });
    await expect(muted.play('alarm-high')).rejects.toThrow(/blocked by the browser/);
    expect(blocked.started).toEqual([]);
  });

  it('unlock creates and resumes the context at the first gesture', () => {
    const audio = fakeAudioContext('suspended');
    const player = createWebAudioPlayer({
      baseUrl,
      fetch: soundFetch().fetch,
      createContext: () => audio.context,
      logger: recordingLogger().logger,
    });
    player.unlock();
    expect(audio.context.resume).toHaveBeenCalledTimes(1);
  });

  it('logs a sound it could not download and tries again when it must play', async () => {
    const failing = new Set(['alarm-high.wav']);
    const sounds = soundFetch({ failing });
    const audio = fakeAudioContext();
    const log = recordingLogger();
    const player = createWebAudioPlayer({ baseUrl, fetch: sounds.fetch, createContext: () => audio.context, logger: log.logger });
    await player.preload();
    expect(log.messages('error')).toEqual(['alarm sound not downloaded; tried again when it must play']);
    await expect(player.play('alarm-high')).rejects.toThrow(/HTTP 404/);
    failing.clear();
    await player.play('alarm-high');
    expect(audio.started).toEqual(['alarm-high.wav']);
  });
});

import { IpcErrorCode } from '@plantao/shared';
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from './bridge-invoke';
import { createBrowserSettings, SETTINGS_KEY } from './browser-settings';
import { MemoryStorage, recordingLogger } from './test-support/fakes';

const origin = 'https://plantao.hospital.example';

describe('browser settings', () => {
  it('starts from the desktop defaults (privacy on, pt-BR), with the page origin as the fixed server', () => {
    const settings = createBrowserSettings({ storage: new MemoryStorage(), origin, logger: recordingLogger().logger });
    expect(settings.current()).toEqual({
      serverUrl: origin,
      privacyMode: true,
      startAtLogin: false,
      locale: 'pt-BR',
      theme: 'system',
      updates: { enabled: false },
      locked: ['serverUrl', 'startAtLogin'],
    });
  });

  it('saves the nurse’s changes and reads them back after a reload', () => {
    const storage = new MemoryStorage();
    const logger = recordingLogger().logger;
    const seen: string[] = [];
    const settings = createBrowserSettings({ storage, origin, logger });
    settings.subscribe((next, previous) => seen.push(`${previous.locale}->${next.locale}`));
    expect(settings.update({ locale: 'en', privacyMode: false, theme: 'dark' })).toMatchObject({
      locale: 'en',
      privacyMode: false,
      theme: 'dark',
    });
    expect(seen).toEqual(['pt-BR->en']);
    expect(createBrowserSettings({ storage, origin, logger }).current()).toMatchObject({
      locale: 'en',
      privacyMode: false,
      theme: 'dark',
      serverUrl: origin,
    });
  });

  it('refuses the server address and start-at-login as locked, and saves nothing', () => {
    const storage = new MemoryStorage();
    const settings = createBrowserSettings({ storage, origin, logger: recordingLogger().logger });
    for (const patch of [{ serverUrl: 'https://elsewhere.example' }, { startAtLogin: true, locale: 'en' as const }]) {
      let error: unknown;
      try {
        settings.update(patch);
      } catch (caught) {
        error = caught;
      }
      expect(errorCodeOf(error)).toBe(IpcErrorCode.LockedSetting);
    }
    expect(storage.getItem(SETTINGS_KEY)).toBeNull();
    expect(settings.current().locale).toBe('pt-BR');
  });

  it('falls back to the defaults (privacy on) when the saved settings are damaged', () => {
    for (const text of ['not json', '{"privacyMode":"no"}']) {
      const storage = new MemoryStorage();
      storage.setItem(SETTINGS_KEY, text);
      const { logger, messages } = recordingLogger();
      expect(createBrowserSettings({ storage, origin, logger }).current().privacyMode).toBe(true);
      expect(messages('warn')).toHaveLength(1);
    }
  });

  it('never takes a saved server address over the origin', () => {
    const storage = new MemoryStorage();
    storage.setItem(SETTINGS_KEY, JSON.stringify({ serverUrl: 'https://evil.example', startAtLogin: true }));
    const current = createBrowserSettings({ storage, origin, logger: recordingLogger().logger }).current();
    expect(current.serverUrl).toBe(origin);
    expect(current.startAtLogin).toBe(false);
  });
});

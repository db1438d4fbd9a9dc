import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedConfigSchema } from '@plantao/shared';
import { describe, expect, it, vi } from 'vitest';
import { createSettingsStore, LockedSettingError, restartOnChange } from './settings';
import { app } from '../../test/support/fake-electron';
import { memoryLogger } from '../../test/support/main-fakes';

vi.mock('electron', () => import('../../test/support/fake-electron'));

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describe('settings', () => {
  it('user choices over managed values, locked keys always managed, a bad file ignored', () => {
    const dir = tmp('plantao-settings-');
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{ not json');
    const managed = ManagedConfigSchema.parse({ privacyMode: true, locked: ['privacyMode'], serverUrl: 'https://p.example' });
    const log = memoryLogger();
    const settings = createSettingsStore({ file, managed, log });
    expect(settings.current()).toMatchObject({ privacyMode: true, serverUrl: 'https://p.example', locale: 'pt-BR' });
    expect(log.lines.some((line) => line.msg === 'file ignored: not JSON')).toBe(true);

    const changes = vi.fn();
    settings.subscribe(changes);
    expect(() => settings.update({ privacyMode: false })).toThrow(LockedSettingError);
    expect(changes).not.toHaveBeenCalled();
    settings.update({ serverUrl: 'https://other.example', startAtLogin: false });
    expect(settings.current()).toMatchObject({ serverUrl: 'https://other.example', startAtLogin: false, privacyMode: true });
    expect(changes).toHaveBeenCalledOnce();
    // Saved: the next start reads the same choices.
    expect(createSettingsStore({ file, managed, log }).current()).toMatchObject({ serverUrl: 'https://other.example' });
  });
});

describe('restart on settings the core takes once', () => {
  it('relaunches for a new server URL or alarm pacing, not for a language change', () => {
    const file = join(tmp('plantao-restart-'), 'settings.json');
    const settings = createSettingsStore({ file, managed: ManagedConfigSchema.parse({}), log: memoryLogger() });
    restartOnChange(settings, memoryLogger());
    settings.update({ locale: 'en', privacyMode: false });
    expect(app.relaunch).not.toHaveBeenCalled();
    settings.update({ serverUrl: 'https://new.example' });
    expect(app.relaunch).toHaveBeenCalledOnce();
    expect(app.quit).toHaveBeenCalledOnce();
    settings.update({ alarm: { burstIntervalSeconds: 15 } });
    expect(app.relaunch).toHaveBeenCalledTimes(2);
  });
});

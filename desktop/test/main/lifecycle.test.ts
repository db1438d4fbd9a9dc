import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IpcChannel, ManagedConfigSchema } from '@plantao/shared';
import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { applyStartAtLogin, linuxAutostartEntry } from '../../src/main/auto-launch';
import { createLogger } from '../../src/main/logger';
import { managedConfigStatusOf } from '../../src/main/managed-status';
import { reconnectOnResume } from '../../src/main/power';
import { createRendererPush, pushStateChanges } from '../../src/main/renderer-push';
import { createSettingsStore, LockedSettingError, restartOnChange } from '../../src/main/settings';
import { claimSingleInstance } from '../../src/main/single-instance';
import { app, FakeWebContents, powerMonitor } from './fake-electron';
import { alert, emptyState, fakeStation, memoryLogger } from './helpers';

vi.mock('electron', () => import('./fake-electron'));

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describe('single instance', () => {
  it('a second instance quits; the first one is asked to show itself', () => {
    app.requestSingleInstanceLock.mockReturnValueOnce(false);
    expect(claimSingleInstance(vi.fn())).toBe(false);

    const focus = vi.fn();
    expect(claimSingleInstance(focus)).toBe(true);
    app.emit('second-instance');
    expect(focus).toHaveBeenCalledOnce();
  });
});

describe('power', () => {
  it('reconnects at once when the OS wakes up', () => {
    const station = fakeStation();
    reconnectOnResume(station, memoryLogger());
    powerMonitor.emit('resume');
    expect(station.notifyResume).toHaveBeenCalledOnce();
  });
});

describe('start at login', () => {
  it('uses login items on Windows and macOS, starting hidden', () => {
    applyStartAtLogin(true, { name: 'Plantão', platform: 'win32', log: memoryLogger() });
    expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true, args: ['--hidden'] });
  });

  it('writes and removes an XDG autostart entry on Linux', () => {
    const config = tmp('plantao-xdg-');
    vi.stubEnv('XDG_CONFIG_HOME', config);
    const file = join(config, 'autostart', 'plantao.desktop');
    applyStartAtLogin(true, { name: 'Plantão', platform: 'linux', log: memoryLogger() });
    expect(readFileSync(file, 'utf8')).toContain(' --hidden');
    applyStartAtLogin(false, { name: 'Plantão', platform: 'linux', log: memoryLogger() });
    expect(existsSync(file)).toBe(false);
    vi.unstubAllEnvs();
  });

  it('quotes the executable path in the entry', () => {
    expect(linuxAutostartEntry('/opt/Plantão/plantao', 'Plantão')).toContain('Exec="/opt/Plantão/plantao" --hidden');
  });
});

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

describe('managed config status', () => {
  it('says absent, loaded or invalid, with the path and the error', () => {
    const config = ManagedConfigSchema.parse({});
    const path = '/etc/plantao/config.json';
    expect(managedConfigStatusOf({ ok: true, missing: true, config, path, source: 'machine' })).toEqual({ state: 'absent', path });
    expect(managedConfigStatusOf({ ok: true, config, path, source: 'machine' })).toEqual({ state: 'loaded', path });
    expect(managedConfigStatusOf({ ok: false, config, path, source: 'machine', error: 'bad' })).toEqual({ state: 'invalid', path, error: 'bad' });
  });
});

describe('renderer push', () => {
  it('coalesces a burst of store changes into one state message', async () => {
    const station = fakeStation();
    const contents = new FakeWebContents();
    pushStateChanges(station.store, createRendererPush(() => contents as unknown as WebContents));
    for (let i = 1; i <= 50; i++) station.store.setState({ lastSeq: i, alerts: { [`a${i}`]: alert(`a${i}`) } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(contents.send).toHaveBeenCalledOnce();
    expect(contents.send).toHaveBeenCalledWith(IpcChannel.StateChanged, expect.objectContaining({ lastSeq: 50 }));
  });

  it('delivers openAlert once a loading page has loaded', () => {
    const contents = new FakeWebContents();
    contents.loading = true;
    const push = createRendererPush(() => contents as unknown as WebContents);
    push.openAlert('a1');
    push.stateChanged({ ...emptyState() });
    expect(contents.send).not.toHaveBeenCalled();
    contents.emit('did-finish-load');
    expect(contents.send).toHaveBeenCalledOnce();
    expect(contents.send).toHaveBeenCalledWith(IpcChannel.OpenAlert, { alertId: 'a1' });
  });
});

describe('logger', () => {
  it('writes JSON lines with context to its file, above its level', async () => {
    const file = join(tmp('plantao-log-'), 'logs', 'main.log');
    const lines: string[] = [];
    const log = createLogger({ file, level: 'info', stderr: { write: (line) => lines.push(line) } });
    log.debug('hidden');
    log.child({ module: 'ipc' }).warn('ipc refused', { channel: 'x', error: new Error('boom') });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(readFileSync(file, 'utf8').trim());
    expect(entry).toMatchObject({ level: 'warn', msg: 'ipc refused', module: 'ipc', channel: 'x', error: { message: 'boom' } });
  });
});

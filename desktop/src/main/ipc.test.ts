import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IpcChannel, IpcErrorCode, ManagedConfigSchema } from '@plantao/shared';
import type { BrowserWindow as ElectronWindow, IpcMainInvokeEvent } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isAppUrl } from './app-url';
import { createIpcHandlers, registerIpcHandlers } from './ipc';
import { isTrustedSender } from './ipc-guard';
import { StationError } from '../core/station-error';
import { createSettingsStore } from './settings';
import { BrowserWindow, FakeWebContents, FakeWebFrame, ipcMain } from '../../test/support/fake-electron';
import { alert, emptyState, fakeStation, memoryLogger } from '../../test/support/main-fakes';

vi.mock('electron', () => import('../../test/support/fake-electron'));

const APP = 'app://plantao/index.html';

function setup() {
  ipcMain.handlers.clear();
  const window = new BrowserWindow();
  const station = fakeStation(emptyState({ alerts: { a1: alert('a1') } }));
  const playSound = vi.fn();
  const dir = mkdtempSync(join(tmpdir(), 'plantao-ipc-'));
  const settingsFile = join(dir, 'settings.json');
  const managed = ManagedConfigSchema.parse({ serverUrl: 'https://plantao.hospital.example', locked: ['serverUrl'] });
  const log = memoryLogger();
  const settings = createSettingsStore({ file: settingsFile, managed, log });
  const handlers = createIpcHandlers({
    station,
    settings,
    managedConfigStatus: () => ({ state: 'loaded', path: '/etc/plantao/config.json' }),
    playSound,
    appVersion: '1.2.3',
  });
  registerIpcHandlers(handlers, (event) => isTrustedSender(event, window as unknown as ElectronWindow, (url) => isAppUrl(url, APP)), log);
  const fromWindow = (frame = window.webContents.mainFrame, sender: FakeWebContents = window.webContents) =>
    ({ sender, senderFrame: frame }) as unknown as IpcMainInvokeEvent;
  const invoke = async (channel: string, event: IpcMainInvokeEvent, ...args: unknown[]) => {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, ...args);
  };
  return { window, station, settings, settingsFile, log, fromWindow, invoke, playSound };
}

describe('ipc handlers', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('registers one handler per invoke channel, in one place', () => {
    const pushes: string[] = [IpcChannel.StateChanged, IpcChannel.OpenAlert];
    const invokes = Object.values(IpcChannel).filter((channel) => !pushes.includes(channel));
    expect([...ipcMain.handlers.keys()].sort()).toEqual(invokes.sort());
  });

  it('accepts a valid message from our window and calls the station', async () => {
    const result = await t.invoke(IpcChannel.AckAlert, t.fromWindow(), { alertId: 'a1' });
    expect(result).toEqual({ ok: true, value: undefined });
    expect(t.station.ackAlert).toHaveBeenCalledWith('a1');

    await t.invoke(IpcChannel.Login, t.fromWindow(), { email: 'nurse@hospital.example', password: 'x' });
    expect(t.station.login).toHaveBeenCalledWith('nurse@hospital.example', 'x', undefined);
  });

  it('refuses a server address typed at sign-in where IT fixed it, and calls nothing', async () => {
    const result = await t.invoke(IpcChannel.Login, t.fromWindow(), {
      email: 'n@h.example',
      password: 'x',
      serverUrl: 'https://elsewhere.example',
    });
    expect(result).toMatchObject({ ok: false, error: { code: IpcErrorCode.LockedSetting } });
    expect(t.station.login).not.toHaveBeenCalled();
  });

  it('says where the server address comes from, and plays a test sound', async () => {
    expect(await t.invoke(IpcChannel.GetStationInfo, t.fromWindow())).toEqual({
      ok: true,
      value: {
        host: 'desktop',
        appVersion: '1.2.3',
        serverUrlSource: 'managed',
        serverUrl: 'https://plantao.hospital.example',
        supportsStartAtLogin: true,
      },
    });
    expect(await t.invoke(IpcChannel.TestSound, t.fromWindow(), { kind: 'alarm-technical' })).toEqual({ ok: true, value: undefined });
    expect(t.playSound).toHaveBeenCalledWith('alarm-technical');
    expect(await t.invoke(IpcChannel.TestSound, t.fromWindow(), { kind: 'siren' })).toMatchObject({
      ok: false,
      error: { code: IpcErrorCode.InvalidPayload },
    });
    expect(t.playSound).toHaveBeenCalledTimes(1);
  });

  it("passes the core's refusal codes through (e.g. a wrong password)", async () => {
    vi.mocked(t.station.login).mockRejectedValueOnce(new StationError(IpcErrorCode.LoginRefused, 'E-mail ou senha inválidos.'));
    expect(await t.invoke(IpcChannel.Login, t.fromWindow(), { email: 'n@h.example', password: 'bad' })).toEqual({
      ok: false,
      error: { code: IpcErrorCode.LoginRefused, message: 'E-mail ou senha inválidos.' },
    });
  });

  it("routes the screens' requests to the station, validated", async () => {
    await t.invoke(IpcChannel.ReplyToConversation, t.fromWindow(), { conversationId: 'c1', content: 'Estamos ligando' });
    expect(t.station.replyToConversation).toHaveBeenCalledWith('c1', 'Estamos ligando');
    expect(await t.invoke(IpcChannel.ReplyToConversation, t.fromWindow(), { conversationId: 'c1', content: '   ' })).toMatchObject({
      ok: false,
      error: { code: IpcErrorCode.InvalidPayload },
    });
    expect(t.station.replyToConversation).toHaveBeenCalledTimes(1);
    await t.invoke(IpcChannel.SubscribePatient, t.fromWindow(), { patientId: 'p1' });
    expect(t.station.subscribePatient).toHaveBeenCalledWith('p1');
    await t.invoke(IpcChannel.GetAlertAudit, t.fromWindow(), { alertId: 'a1' });
    expect(t.station.getAlertAudit).toHaveBeenCalledWith('a1');
  });

  it('answers getState with a plain JSON snapshot', async () => {
    const result = (await t.invoke(IpcChannel.GetState, t.fromWindow())) as { ok: true; value: unknown };
    expect(result.ok).toBe(true);
    expect(JSON.parse(JSON.stringify(result.value))).toEqual(result.value);
    expect(result.value).toMatchObject({ connection: 'connected', alerts: { a1: { id: 'a1', readByMe: false } } });
  });

  it.each([
    ['another web contents', (w: BrowserWindow) => ({ frame: w.webContents.mainFrame, sender: new FakeWebContents() })],
    ['an iframe of our window', (w: BrowserWindow) => ({ frame: new FakeWebFrame(APP, 1, 7), sender: w.webContents })],
    [
      'our window after navigating away',
      (w: BrowserWindow) => ({ frame: new FakeWebFrame('https://evil.example/', 1, 1), sender: w.webContents }),
    ],
    ['a destroyed frame', (w: BrowserWindow) => ({ frame: null, sender: w.webContents })],
  ])('refuses %s and leaves the station alone', async (_name, make) => {
    const { frame, sender } = make(t.window);
    const event = { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent;
    for (const [channel, payload] of [
      [IpcChannel.AckAlert, { alertId: 'a1' }],
      [IpcChannel.Logout, undefined],
      [IpcChannel.SilenceAlarms, undefined],
    ] as const) {
      const result = await t.invoke(channel, event, payload);
      expect(result).toMatchObject({ ok: false, error: { code: IpcErrorCode.ForbiddenSender } });
    }
    expect(t.station.ackAlert).not.toHaveBeenCalled();
    expect(t.station.logout).not.toHaveBeenCalled();
    expect(t.station.silenceAlarms).not.toHaveBeenCalled();
  });

  it.each([
    ['an empty alert id', IpcChannel.AckAlert, [{ alertId: '' }]],
    ['a numeric alert id', IpcChannel.MarkAlertRead, [{ alertId: 42 }]],
    ['an extra key', IpcChannel.AckAlert, [{ alertId: 'a1', tenantId: 'other' }]],
    ['no payload', IpcChannel.AckAlert, []],
    ['two payloads', IpcChannel.AckAlert, [{ alertId: 'a1' }, { alertId: 'a2' }]],
    ['a payload where none is expected', IpcChannel.SilenceAlarms, [{ minutes: 600 }]],
    ['a malformed email', IpcChannel.Login, [{ email: 'not-an-email', password: 'x' }]],
    ['an unknown setting', IpcChannel.SetSettings, [{ volume: 11 }]],
    ['a setting of the wrong type', IpcChannel.SetSettings, [{ locale: 'en', privacyMode: 'yes' }]],
    ['a non-http server URL', IpcChannel.SetSettings, [{ serverUrl: 'file:///etc/passwd' }]],
  ])('refuses %s with a clear error and changes nothing', async (_name, channel, args) => {
    const result = await t.invoke(channel, t.fromWindow(), ...args);
    expect(result).toMatchObject({ ok: false, error: { code: IpcErrorCode.InvalidPayload } });
    expect((result as { error: { message: string } }).error.message).not.toBe('');
    for (const method of ['ackAlert', 'markAlertRead', 'silenceAlarms', 'login'] as const) {
      expect(t.station[method]).not.toHaveBeenCalled();
    }
    expect(existsSync(t.settingsFile)).toBe(false);
    expect(t.log.lines.some((line) => line.msg === 'ipc refused' && line.code === 'invalid_payload')).toBe(true);
  });

  it('names the failing field', async () => {
    const result = await t.invoke(IpcChannel.AckAlert, t.fromWindow(), { alertId: 42 });
    expect((result as { error: { message: string } }).error.message).toMatch(/^alertId: /);
  });

  it('refuses a setting locked by IT and saves nothing', async () => {
    const result = await t.invoke(IpcChannel.SetSettings, t.fromWindow(), { serverUrl: 'https://elsewhere.example', locale: 'en' });
    expect(result).toMatchObject({ ok: false, error: { code: IpcErrorCode.LockedSetting } });
    expect(existsSync(t.settingsFile)).toBe(false);
    expect(t.settings.current()).toMatchObject({ serverUrl: 'https://plantao.hospital.example', locale: 'pt-BR' });
  });

  it('saves an unlocked setting and answers the effective settings', async () => {
    const result = await t.invoke(IpcChannel.SetSettings, t.fromWindow(), { locale: 'en', privacyMode: false });
    expect(result).toMatchObject({ ok: true, value: { locale: 'en', privacyMode: false, locked: ['serverUrl'] } });
    expect(JSON.parse(readFileSync(t.settingsFile, 'utf8'))).toEqual({ locale: 'en', privacyMode: false });
  });

  it('reports a failing station call as a rejected result, not a crash', async () => {
    vi.mocked(t.station.login).mockRejectedValueOnce(new Error('credenciais inválidas'));
    const result = await t.invoke(IpcChannel.Login, t.fromWindow(), { email: 'a@b.example', password: 'x' });
    expect(result).toEqual({ ok: false, error: { code: IpcErrorCode.Failed, message: 'credenciais inválidas' } });
  });

  it('answers the managed config status', async () => {
    const result = await t.invoke(IpcChannel.GetManagedConfigStatus, t.fromWindow());
    expect(result).toEqual({ ok: true, value: { state: 'loaded', path: '/etc/plantao/config.json' } });
  });
});

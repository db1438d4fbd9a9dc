import { IpcChannel, IpcErrorCode, ipcErrorCodeOf, type DesktopApi } from '@plantao/shared';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contextBridge, ipcRenderer } from '../../test/support/fake-electron';

vi.mock('electron', () => import('../../test/support/fake-electron'));

let api: DesktopApi;

beforeAll(async () => {
  await import('./index');
  api = contextBridge.exposed.get('plantao') as DesktopApi;
});

describe('preload bridge', () => {
  it('exposes only window.plantao, one function per channel, and no ipcRenderer', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['plantao']);
    expect(Object.keys(api).sort()).toEqual(
      [
        'ackAlert',
        'getManagedConfigStatus',
        'getSettings',
        'getState',
        'login',
        'logout',
        'markAlertRead',
        'onOpenAlert',
        'onStateChanged',
        'setSettings',
        'silenceAlarms',
        'getStationInfo',
        'listPatients',
        'listConversations',
        'getConversationMessages',
        'assumeConversation',
        'resolveConversation',
        'replyToConversation',
        'subscribePatient',
        'unsubscribePatient',
        'getAlertAudit',
        'testSound',
      ].sort(),
    );
    // One function per channel, no more: every channel has its function.
    expect(Object.keys(api)).toHaveLength(Object.keys(IpcChannel).length);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('invokes the channel with the payload and resolves with the value', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: undefined });
    await api.ackAlert('a1');
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IpcChannel.AckAlert, { alertId: 'a1' });

    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: undefined });
    await api.login({ email: 'n@h.example', password: 'p', extra: 'dropped' } as never);
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IpcChannel.Login, { email: 'n@h.example', password: 'p' });

    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: undefined });
    await api.login({ email: 'n@h.example', password: 'p', serverUrl: 'https://plantao.h.example' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IpcChannel.Login, {
      email: 'n@h.example',
      password: 'p',
      serverUrl: 'https://plantao.h.example',
    });

    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { id: 'm1' } });
    expect(await api.replyToConversation('c1', 'Olá')).toEqual({ id: 'm1' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IpcChannel.ReplyToConversation, { conversationId: 'c1', content: 'Olá' });

    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: undefined });
    await api.testSound('alarm-high');
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IpcChannel.TestSound, { kind: 'alarm-high' });
  });

  it('rejects with the code and message of a refusal', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'locked_setting', message: 'locked: serverUrl' } });
    const failure = await api.setSettings({ serverUrl: 'https://x.example' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe('[locked_setting] locked: serverUrl');
    expect(ipcErrorCodeOf(failure)).toBe(IpcErrorCode.LockedSetting);
  });

  it('subscriptions pass only the payload and can be undone', () => {
    const seen: string[] = [];
    const unsubscribe = api.onOpenAlert((alertId) => seen.push(alertId));
    ipcRenderer.emit(IpcChannel.OpenAlert, { sender: 'must not leak' }, { alertId: 'a7' });
    unsubscribe();
    ipcRenderer.emit(IpcChannel.OpenAlert, {}, { alertId: 'a8' });
    expect(seen).toEqual(['a7']);
    expect(ipcRenderer.listenerCount(IpcChannel.OpenAlert)).toBe(0);

    const states: unknown[] = [];
    const stop = api.onStateChanged((state) => states.push(state));
    ipcRenderer.emit(IpcChannel.StateChanged, {}, { connection: 'connected' });
    stop();
    expect(states).toEqual([{ connection: 'connected' }]);
  });
});

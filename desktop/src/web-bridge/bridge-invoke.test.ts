import { IpcChannel, IpcErrorCode, ipcErrorCodeOf } from '@plantao/shared';
import { describe, expect, it, vi } from 'vitest';
import { BridgeRefusal, createInvoker, errorCodeOf } from './bridge-invoke';
import { recordingLogger } from './test-support/fakes';

describe('bridge invoke', () => {
  it('parses the payload with the shared IPC schema before the handler runs', async () => {
    const invoke = createInvoker(recordingLogger().logger);
    const handler = vi.fn();
    await expect(invoke(IpcChannel.AckAlert, { alertId: '' }, handler)).rejects.toThrow(/^\[invalid_payload\] alertId: /);
    await expect(invoke(IpcChannel.AckAlert, { alertId: 'a1', extra: 1 }, handler)).rejects.toThrow(/^\[invalid_payload\]/);
    await expect(invoke(IpcChannel.GetState, { any: 1 }, handler)).rejects.toThrow(/^\[invalid_payload\]/);
    expect(handler).not.toHaveBeenCalled();
    await invoke(IpcChannel.AckAlert, { alertId: 'a1' }, handler);
    expect(handler).toHaveBeenCalledWith({ alertId: 'a1' });
  });

  it('passes a coded refusal on as `[code] message`, anything else as `[failed]`', async () => {
    const log = recordingLogger();
    const invoke = createInvoker(log.logger);
    const coded = Object.assign(new Error('E-mail ou senha incorretos.'), { code: IpcErrorCode.LoginRefused });
    const login = { email: 'a@b.example', password: 'x' };
    await expect(invoke(IpcChannel.Login, login, () => Promise.reject(coded))).rejects.toThrow(
      '[login_refused] E-mail ou senha incorretos.',
    );
    await expect(invoke(IpcChannel.Logout, undefined, () => Promise.reject(new BridgeRefusal(IpcErrorCode.Refused, 'no')))).rejects.toThrow(
      '[refused] no',
    );
    const failed = invoke(IpcChannel.Logout, undefined, () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('[failed] boom');
    expect(ipcErrorCodeOf(await failed.catch((error: unknown) => error))).toBe(IpcErrorCode.Failed);
    expect(log.messages('error')).toEqual(['request failed']);
  });

  it('ignores a code that is not an IPC error code', () => {
    expect(errorCodeOf(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(IpcErrorCode.Failed);
    expect(errorCodeOf(undefined)).toBe(IpcErrorCode.Failed);
    expect(errorCodeOf(new BridgeRefusal(IpcErrorCode.NotLoggedIn, 'x'))).toBe(IpcErrorCode.NotLoggedIn);
  });
});

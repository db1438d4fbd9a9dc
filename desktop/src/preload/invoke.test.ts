import { type ConversationMessage, type EffectiveSettings, IpcChannel, type StationPatient, type StationSnapshot } from '@plantao/shared';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { ipcRenderer } from '../../test/support/fake-electron';
import { invoke } from './invoke';

vi.mock('electron', () => import('../../test/support/fake-electron'));

/**
 * Type test: `npx tsc -p tsconfig.tests.json` checks this body (vitest never
 * calls it). Each `@ts-expect-error` line must stay a compile error: should
 * `invoke` stop being typed by channel, the directive itself fails the check.
 */
function invokeIsTypedByChannel(): void {
  // The answer is the channel's response.
  expectTypeOf(invoke(IpcChannel.GetState)).resolves.toEqualTypeOf<StationSnapshot>();
  expectTypeOf(invoke(IpcChannel.ListPatients)).resolves.toEqualTypeOf<StationPatient[]>();
  expectTypeOf(invoke(IpcChannel.SetSettings, { privacyMode: false })).resolves.toEqualTypeOf<EffectiveSettings>();
  expectTypeOf(
    invoke(IpcChannel.ReplyToConversation, { conversationId: 'c1', content: 'Olá' }),
  ).resolves.toEqualTypeOf<ConversationMessage>();
  expectTypeOf(invoke(IpcChannel.AckAlert, { alertId: 'a1' })).resolves.toEqualTypeOf<void>();

  // @ts-expect-error the ack payload is `{ alertId }`, not `{ id }`
  void invoke(IpcChannel.AckAlert, { id: 'a1' });
  // @ts-expect-error a channel with a payload cannot be invoked without it
  void invoke(IpcChannel.MarkAlertRead);
  // @ts-expect-error a channel without a payload takes none
  void invoke(IpcChannel.GetState, { alertId: 'a1' });
  // @ts-expect-error a key the channel's schema does not know (the main process would refuse it)
  void invoke(IpcChannel.Login, { email: 'ana@hospital.example', password: 'senha', remember: true });
  // @ts-expect-error the reply needs its content
  void invoke(IpcChannel.ReplyToConversation, { conversationId: 'c1' });
  // @ts-expect-error only the alarm sounds can be tested
  void invoke(IpcChannel.TestSound, { kind: 'beep' });
  // @ts-expect-error push channels are listened to, not invoked
  void invoke(IpcChannel.StateChanged);
  // @ts-expect-error the state is a snapshot, not a patient list
  const _patients: Promise<StationPatient[]> = invoke(IpcChannel.GetState);
  // @ts-expect-error acknowledging answers nothing
  const _messages: Promise<ConversationMessage[]> = invoke(IpcChannel.AckAlert, { alertId: 'a1' });
}

describe('preload invoke', () => {
  it('is typed by channel: a wrong payload or answer type does not compile', () => {
    expect(invokeIsTypedByChannel).toBeTypeOf('function');
  });

  it('sends the channel and its payload, and a channel without payload sends none', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: [] });
    expect(await invoke(IpcChannel.ListPatients)).toEqual([]);
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IpcChannel.ListPatients, undefined);

    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: undefined });
    await invoke(IpcChannel.SubscribePatient, { patientId: 'p1' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IpcChannel.SubscribePatient, { patientId: 'p1' });
  });
});

import {
  type IpcInvokeArgs,
  type IpcInvokeChannel,
  ipcErrorMessage,
  type IpcPushChannel,
  type IpcResponses,
  type IpcResult,
  type Unsubscribe,
} from '@plantao/shared';
import { ipcRenderer, type IpcRendererEvent } from 'electron';

/**
 * Sends one renderer request to the main process. Typed by channel: the
 * payload must be that channel's request (`IpcRequestSchemas`, which the main
 * process parses again) and the answer is that channel's response, so a
 * mismatch is a compile error here, not a refusal at run time.
 */
export async function invoke<C extends IpcInvokeChannel>(channel: C, ...[payload]: IpcInvokeArgs<C>): Promise<IpcResponses[C]> {
  const result = (await ipcRenderer.invoke(channel, payload)) as IpcResult<IpcResponses[C]>;
  if (result.ok) return result.value;
  throw new Error(ipcErrorMessage(result.error.code, result.error.message));
}

/** Listens to a main → renderer push. */
export function subscribe<T>(channel: IpcPushChannel, listener: (payload: T) => void): Unsubscribe {
  // Only the payload is passed on: the event would hand the page `sender`.
  const forward = (_event: IpcRendererEvent, payload: T): void => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
}

import {
  IpcErrorCode,
  type IpcErrorCodeName,
  type IpcInvokeChannel,
  type IpcRequest,
  IpcRequestSchemas,
  type IpcResponses,
  type IpcResult,
} from '@plantao/shared';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { StationError } from '../core/station-error';
import type { Logger } from './logger';

/**
 * Only our window's top frame, showing our own page, may call the main
 * process: not an iframe, not a page it navigated to.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  window: BrowserWindow | undefined,
  isAppUrl: (url: string) => boolean,
): boolean {
  const frame = event.senderFrame;
  if (!window || window.isDestroyed() || !frame || event.sender.id !== window.webContents.id) return false;
  const top = window.webContents.mainFrame;
  return frame.processId === top.processId && frame.routingId === top.routingId && isAppUrl(frame.url);
}

/** An error whose code and message the renderer should see as is. */
export class IpcRefusal extends Error {
  constructor(
    readonly code: IpcErrorCodeName,
    message: string,
  ) {
    super(message);
  }
}

export type IpcHandler<C extends IpcInvokeChannel> = (payload: IpcRequest<C>) => Promise<IpcResponses[C]> | IpcResponses[C];

/**
 * Wraps a handler: the sender is checked and the payload parsed with the
 * shared schema before the handler runs; anything refused changes nothing.
 */
export function guardHandler<C extends IpcInvokeChannel>(
  channel: C,
  handler: IpcHandler<C>,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
  log: Logger,
): (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcResult<IpcResponses[C]>> {
  const refuse = (code: IpcErrorCodeName, message: string): IpcResult<IpcResponses[C]> => {
    log.warn('ipc refused', { channel, code, message });
    return { ok: false, error: { code, message } };
  };
  return async (event, ...args) => {
    if (!isTrusted(event)) return refuse(IpcErrorCode.ForbiddenSender, 'sender is not the Plantão window');
    if (args.length > 1) return refuse(IpcErrorCode.InvalidPayload, 'one payload per message');
    const parsed = IpcRequestSchemas[channel].safeParse(args[0]);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`);
      return refuse(IpcErrorCode.InvalidPayload, detail.join('; '));
    }
    try {
      return { ok: true, value: await handler(parsed.data as IpcRequest<C>) };
    } catch (error) {
      if (error instanceof IpcRefusal || error instanceof StationError) return refuse(error.code, error.message);
      log.error('ipc handler failed', { channel, error });
      return { ok: false, error: { code: IpcErrorCode.Failed, message: error instanceof Error ? error.message : String(error) } };
    }
  };
}

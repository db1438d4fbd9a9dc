import {
  IpcErrorCode,
  type IpcErrorCodeName,
  ipcErrorMessage,
  type IpcInvokeChannel,
  type IpcRequest,
  IpcRequestSchemas,
  type IpcResponses,
} from '@plantao/shared';
import type { CoreLogger } from '../core/logger';

/** A refusal whose code and message the renderer should see as is (the page's `IpcRefusal`). */
export class BridgeRefusal extends Error {
  constructor(
    readonly code: IpcErrorCodeName,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeRefusal';
  }
}

const CODES: readonly string[] = Object.values(IpcErrorCode);

/** The code an error carries (`StationError`, `BridgeRefusal`), or `failed`. */
export function errorCodeOf(error: unknown): IpcErrorCodeName {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CODES.includes(code) ? (code as IpcErrorCodeName) : IpcErrorCode.Failed;
}

export type BridgeHandler<C extends IpcInvokeChannel> = (payload: IpcRequest<C>) => Promise<IpcResponses[C]> | IpcResponses[C];

/**
 * What the Electron main process does with every renderer request
 * (desktop/src/main/ipc-guard.ts), in the page: the payload is parsed with
 * the same shared schema before the core sees it, and a failure reaches the
 * renderer as an Error whose message is `[code] message`, exactly as the
 * preload rejects. There is no sender to check: the page is its own host.
 */
export function createInvoker(log: CoreLogger) {
  return async function invoke<C extends IpcInvokeChannel>(
    channel: C,
    payload: unknown,
    handler: BridgeHandler<C>,
  ): Promise<IpcResponses[C]> {
    const parsed = IpcRequestSchemas[channel].safeParse(payload);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ');
      log.warn('request refused', { channel, code: IpcErrorCode.InvalidPayload, message: detail });
      throw new Error(ipcErrorMessage(IpcErrorCode.InvalidPayload, detail));
    }
    try {
      return await handler(parsed.data as IpcRequest<C>);
    } catch (error) {
      const code = errorCodeOf(error);
      const message = error instanceof Error ? error.message : String(error);
      if (code === IpcErrorCode.Failed) log.error('request failed', { channel, err: message });
      else log.warn('request refused', { channel, code, message });
      throw new Error(ipcErrorMessage(code, message), { cause: error });
    }
  };
}

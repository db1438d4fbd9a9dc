import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import type { Socket } from 'socket.io';

type MapPayload = (payload: unknown) => { data?: unknown; ack?: unknown };

/**
 * Binds a gateway's `@SubscribeMessage` handlers to one socket with a single
 * listener. Nest's IoAdapter builds an RxJS pipeline per handler per socket
 * (fromEvent + mergeMap + takeUntil(disconnect) + a subscriber): with seven
 * handlers that was ~30 KB of heap held by every idle station, most of what
 * a Plantão socket cost over a bare Socket.io one (issue #13, P2). Here a
 * socket holds one closure; the pipeline is built per message instead, and
 * only while the message is handled.
 *
 * Same contract as IoAdapter.bindMessageHandlers: the payload is split into
 * data and ack the same way (`mapPayload`), the handler's result goes through
 * the same `transform` (promise, observable or value), nil results are
 * dropped, `{ event, data }` is emitted and anything else is the ack's answer
 * unless the handler acks itself. A result that arrives after the socket
 * disconnected is dropped, as `takeUntil(disconnect$)` did.
 */
export function bindMessageHandlers(
  socket: Socket,
  handlers: MessageMappingProperties[],
  transform: (data: unknown) => Observable<unknown>,
  mapPayload: MapPayload,
  onError: (event: string, error: unknown) => void,
): void {
  socket.onAny((event: string, ...args: unknown[]) => {
    const handler = handlers.find((h) => h.message === event);
    if (!handler) return;
    // fromEvent's shape: one argument as is, several as an array.
    const { data, ack } = mapPayload(args.length > 1 ? args : args[0]);
    transform(handler.callback(data, ack)).subscribe({
      next: (response) => {
        if (response === null || response === undefined || socket.disconnected) return;
        const reply = response as { event?: string; data?: unknown };
        if (reply.event) {
          socket.emit(reply.event, reply.data);
          return;
        }
        if (!handler.isAckHandledManually && typeof ack === 'function') (ack as (answer: unknown) => void)(response);
      },
      error: (error: unknown) => onError(event, error),
    });
  });
}

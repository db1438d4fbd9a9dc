import type { Socket } from 'socket.io';

/** One client event's handler: the payload as sent; resolves to the ack's answer (nothing: no answer). */
export type MessageHandler<S> = (socket: S, payload: unknown) => Promise<unknown>;

/** What `listenForMessages` adds to each socket: one listener per event, the same functions for every socket. */
export type MessageListeners = ReadonlyMap<string, (...args: unknown[]) => void>;

/**
 * Turns a gateway's handler table into socket listeners, once per gateway.
 * Not `@SubscribeMessage`: for every socket Nest binds every handler to it
 * (`callback.bind(instance, client)`: seven bound functions, their argument
 * lists and a handler array) and its IoAdapter builds an RxJS pipeline per
 * handler (fromEvent + mergeMap + takeUntil(disconnect) + a subscriber):
 * ~30 KB, then ~1 KB once the pipelines were gone, held by every idle
 * station for nothing (issue #13, P2, measured with
 * bench/lib/fleet-heap-diff.mjs). These listeners are plain functions that
 * find their socket in `this` (an EventEmitter calls a listener on its
 * emitter), so a socket holds nothing of its own for them. Ordinary event
 * listeners, not `onAny`: Socket.io runs `onAny` before the socket's packet
 * middlewares, and fair use (fair-use.ts) must see every packet first.
 *
 * Same contract as Nest's socket.io adapter: a function as the last argument
 * is the ack; one payload argument is the payload, several are an array; a
 * nil answer sends no ack; an answer that arrives after the socket
 * disconnected is dropped; a handler that rejects is reported, and the socket
 * stays up.
 */
export function messageListeners<S extends Socket>(
  handlers: ReadonlyMap<string, MessageHandler<S>>,
  onError: (event: string, error: unknown, socket: S) => void,
): MessageListeners {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  for (const [event, handler] of handlers) {
    listeners.set(event, function (this: S, ...args: unknown[]) {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the emitter is the socket: that is the point
      const socket = this;
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as (answer: unknown) => void) : undefined;
      handler(socket, args.length > 1 ? args : args[0]).then(
        (answer) => {
          if (answer !== null && answer !== undefined && ack && !socket.disconnected) ack(answer);
        },
        (error: unknown) => onError(event, error, socket),
      );
    });
  }
  return listeners;
}

/** Adds the listeners to one socket (at connection). */
export function listenForMessages(socket: Socket, listeners: MessageListeners): void {
  for (const [event, listener] of listeners) socket.on(event, listener);
}

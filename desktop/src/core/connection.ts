import {
  ALERTS_NAMESPACE,
  type AlertPayload,
  AlertPayloadSchema,
  type ClientToServerEvents,
  ErrorAckSchema,
  HandshakeError,
  OkAckSchema,
  RefreshAckSchema,
  ServerEvent,
  SubscribedAckSchema,
  UnsubscribedAckSchema,
  type ServerEventName,
  type ServerToClientEvents,
  type StationIdentity,
} from '@plantao/shared';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { Backoff, type BackoffOptions, socketReconnectionOptions } from './backoff';
import { type CoreLogger, errorContext } from './logger';
import { baseUrlOf } from './rest-client';
import { type Scheduler, Timer } from './scheduler';
import { SessionRejectedError, type TokenSession } from './token-session';

/**
 * The station's Socket.io link to `/alerts`.
 *
 * - `auth` is a function, so every (re)connect carries a fresh access token
 *   and the current `lastSeq` (the server replays what came after it).
 * - WebSocket first, long-polling as fallback.
 * - Transport failures: Socket.io's own reconnection, exponential with jitter
 *   (`DEFAULT_BACKOFF`), so 500 stations do not return in the same second.
 * - Cases Socket.io does not retry by itself — a refused handshake
 *   (`token_expired`, `unauthorized`) and a server-side disconnect (token
 *   expiry, kick) — are retried here: refresh the token, then reconnect, with
 *   the same backoff.
 */
export type StationSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectionEvents {
  /** A (re)connect attempt started. */
  onConnecting(): void;
  onConnect(): void;
  onDisconnect(reason: string): void;
  /** Every server → client event, unvalidated: the caller parses it. */
  onServerEvent(event: ServerEventName, payload: unknown): void;
}

export interface ConnectionOptions {
  serverUrl: string;
  tokens: TokenSession;
  getLastSeq(): number;
  /** Who this station is (`auth.station`, issue #9): the same id on every handshake. */
  identity(): StationIdentity;
  events: ConnectionEvents;
  scheduler: Scheduler;
  backoff: BackoffOptions;
  logger: CoreLogger;
  transports?: ('websocket' | 'polling')[];
}

export type ActionResult = { ok: true } | { ok: false; code: string; message?: string };

export interface Connection {
  readonly connected: boolean;
  start(): void;
  stop(): void;
  /** Reconnect now instead of waiting for the backoff (resume from sleep). */
  reconnectNow(): void;
  /** Drop the link and reconnect (a link that looks up but does not answer). */
  forceReconnect(): void;
  /** `sync`: alerts after `afterSeq`, each validated (invalid ones are returned apart). */
  sync(afterSeq: number, timeoutMs: number): Promise<{ alerts: AlertPayload[]; invalid: number; received: number }>;
  alertAction(action: 'ack' | 'read', alertId: string, timeoutMs: number): Promise<ActionResult>;
  /** `alert_delivered`: this station holds these alerts (at most one sync page of ids). */
  alertDelivered(alertIds: readonly string[], timeoutMs: number): Promise<ActionResult>;
  /** `subscribe_patient` / `unsubscribe_patient`: live updates of one patient's room. */
  patientRoom(action: 'subscribe' | 'unsubscribe', patientId: string, timeoutMs: number): Promise<ActionResult>;
  /** `refresh_token`: keeps the live socket from being disconnected at token expiry. */
  pushToken(token: string): Promise<void>;
}

const SyncAnswerSchema = z.union([z.object({ status: z.literal('ok'), alerts: z.array(z.unknown()) }), ErrorAckSchema]);
const ActionAnswerSchema = z.union([OkAckSchema, ErrorAckSchema]);
const RoomAnswerSchema = z.union([SubscribedAckSchema, UnsubscribedAckSchema, ErrorAckSchema]);
const RefreshAnswerSchema = z.union([RefreshAckSchema, ErrorAckSchema]);

const SERVER_EVENTS = Object.values(ServerEvent);

export function createConnection(options: ConnectionOptions): Connection {
  const { tokens, events, logger: log } = options;
  const retry = new Backoff(options.backoff);
  const retryTimer = new Timer(options.scheduler);
  let stopped = true;

  const socket: StationSocket = io(baseUrlOf(options.serverUrl) + ALERTS_NAMESPACE, {
    autoConnect: false,
    forceNew: true,
    transports: options.transports ?? ['websocket', 'polling'],
    tryAllTransports: true,
    timeout: 10_000,
    ...socketReconnectionOptions(options.backoff),
    auth: (cb: (data: object) => void) => {
      // Socket.io waits for `cb` before sending the handshake: it must always be called.
      tokens.getFreshAccessToken().then(
        (token) => cb({ token, lastSeq: options.getLastSeq(), station: options.identity() }),
        (error: unknown) => {
          log.warn('no fresh access token for the handshake', errorContext(error));
          cb({ token: '-', lastSeq: options.getLastSeq(), station: options.identity() });
        },
      );
    },
  });

  /** Handshake refusals since the last successful connect: the first is retried at once, later ones back off. */
  let refusals = 0;

  const connectNow = () => {
    if (stopped || socket.connected) return;
    events.onConnecting();
    socket.connect();
  };

  const connectLater = (why: string) => {
    if (stopped || tokens.isRejected) return;
    const delay = retry.next();
    log.info('reconnecting later', { why, delayMs: delay });
    retryTimer.set(connectNow, delay);
  };

  socket.on('connect', () => {
    retry.reset();
    retryTimer.clear();
    refusals = 0;
    log.info('connected', { socketId: socket.id, lastSeq: options.getLastSeq() });
    events.onConnect();
  });

  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') log.info('disconnected', { reason });
    else log.warn('disconnected', { reason });
    events.onDisconnect(reason);
    // "io server disconnect" (token expired, kicked): Socket.io does not retry by itself.
    if (!stopped && !socket.active && reason !== 'io client disconnect') connectLater(reason);
  });

  socket.on('connect_error', (error) => {
    if (socket.active) {
      // Transport-level failure: the Manager retries with its backoff.
      log.debug('connect attempt failed; Socket.io retries', { err: error.message });
      return;
    }
    // The server refused the handshake: Socket.io will not retry it by itself.
    log.warn('handshake refused', { reason: error.message });
    if (stopped) return;
    if (error.message !== HandshakeError.TokenExpired && error.message !== HandshakeError.Unauthorized) {
      connectLater(error.message);
      return;
    }
    tokens.invalidateAccessToken();
    tokens.refresh().then(
      () => {
        if (refusals++ === 0) connectNow();
        else connectLater(error.message);
      },
      (refreshError: unknown) => {
        // A refused refresh token is reported by the token session: only a new login helps.
        if (refreshError instanceof SessionRejectedError) return;
        connectLater(`token refresh failed: ${refreshError instanceof Error ? refreshError.message : String(refreshError)}`);
      },
    );
  });

  socket.io.on('reconnect_attempt', () => events.onConnecting());

  for (const event of SERVER_EVENTS) {
    (socket as unknown as Socket).on(event, (payload: unknown) => {
      try {
        events.onServerEvent(event, payload);
      } catch (error) {
        // One bad event must not take the socket (and every later alert) down.
        log.error('handling a server event failed', { event, ...errorContext(error) });
      }
    });
  }

  const requireConnected = () => {
    if (!socket.connected) throw new Error('not connected');
  };

  return {
    get connected() {
      return socket.connected;
    },

    start() {
      if (!stopped) return;
      stopped = false;
      retry.reset();
      events.onConnecting();
      socket.connect();
    },

    stop() {
      stopped = true;
      retryTimer.clear();
      socket.disconnect();
    },

    reconnectNow() {
      if (stopped || socket.connected) return;
      retryTimer.clear();
      retry.reset();
      refusals = 0;
      // Drop any pending backoff timer of the Manager, then open at once.
      socket.disconnect();
      events.onConnecting();
      socket.connect();
    },

    forceReconnect() {
      if (stopped) return;
      retryTimer.clear();
      retry.reset();
      socket.disconnect();
      events.onConnecting();
      socket.connect();
    },

    async sync(afterSeq, timeoutMs) {
      requireConnected();
      const answer: unknown = await socket.timeout(timeoutMs).emitWithAck('sync', { afterSeq });
      const parsed = SyncAnswerSchema.safeParse(answer);
      if (!parsed.success) throw new Error(`sync: unexpected answer: ${parsed.error.message}`);
      if (parsed.data.status === 'error') throw new Error(`sync refused: ${parsed.data.code} ${parsed.data.message ?? ''}`);
      const alerts: AlertPayload[] = [];
      let invalid = 0;
      for (const candidate of parsed.data.alerts) {
        const alert = AlertPayloadSchema.safeParse(candidate);
        if (alert.success) alerts.push(alert.data);
        else invalid += 1;
      }
      return { alerts, invalid, received: parsed.data.alerts.length };
    },

    async alertAction(action, alertId, timeoutMs) {
      requireConnected();
      const answer: unknown =
        action === 'ack'
          ? await socket.timeout(timeoutMs).emitWithAck('ack_alert', { alertId })
          : await socket.timeout(timeoutMs).emitWithAck('mark_alert_read', { alertId });
      const parsed = ActionAnswerSchema.safeParse(answer);
      if (!parsed.success) throw new Error(`${action}: unexpected answer: ${parsed.error.message}`);
      return parsed.data.status === 'ok'
        ? { ok: true }
        : { ok: false, code: parsed.data.code, ...(parsed.data.message ? { message: parsed.data.message } : {}) };
    },

    async alertDelivered(alertIds, timeoutMs) {
      requireConnected();
      const answer: unknown = await socket.timeout(timeoutMs).emitWithAck('alert_delivered', { alertIds: [...alertIds] });
      const parsed = ActionAnswerSchema.safeParse(answer);
      if (!parsed.success) throw new Error(`alert_delivered: unexpected answer: ${parsed.error.message}`);
      return parsed.data.status === 'ok'
        ? { ok: true }
        : { ok: false, code: parsed.data.code, ...(parsed.data.message ? { message: parsed.data.message } : {}) };
    },

    async patientRoom(action, patientId, timeoutMs) {
      requireConnected();
      const answer: unknown =
        action === 'subscribe'
          ? await socket.timeout(timeoutMs).emitWithAck('subscribe_patient', { patientId })
          : await socket.timeout(timeoutMs).emitWithAck('unsubscribe_patient', { patientId });
      const parsed = RoomAnswerSchema.safeParse(answer);
      if (!parsed.success) throw new Error(`${action}_patient: unexpected answer: ${parsed.error.message}`);
      return parsed.data.status === 'error'
        ? { ok: false, code: parsed.data.code, ...(parsed.data.message ? { message: parsed.data.message } : {}) }
        : { ok: true };
    },

    async pushToken(token) {
      if (!socket.connected) return;
      try {
        const answer: unknown = await socket.timeout(5_000).emitWithAck('refresh_token', { token });
        const parsed = RefreshAnswerSchema.safeParse(answer);
        if (!parsed.success) log.warn('refresh_token: unexpected answer', { issue: parsed.error.message });
        else if (parsed.data.status === 'error') {
          // The server will disconnect at expiry; the reconnect carries a fresh token.
          log.warn('refresh_token refused', { code: parsed.data.code, reason: parsed.data.message });
        } else log.debug('socket token refreshed', { exp: parsed.data.exp });
      } catch (error) {
        log.warn('refresh_token not answered', errorContext(error));
      }
    },
  };
}

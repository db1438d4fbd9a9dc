import { type BeforeApplicationShutdown, HttpException, HttpStatus, Inject, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import {
  ALERTS_NAMESPACE,
  type AlertActionAck,
  AlertDeliveredRequestSchema,
  AlertRefSchema,
  ClientEvent,
  type ClientEventName,
  describeZodError,
  type ErrorAck,
  type ErrorCode,
  PatientRefSchema,
  patientRoom,
  type RefreshAck,
  RefreshTokenRequestSchema,
  ServerEvent,
  type SubscribeAck,
  type SyncAck,
  SYNC_PAGE_SIZE,
  SyncRequestSchema,
  tenantRoom,
  type UnsubscribeAck,
} from '@plantao/shared';
import type { z } from 'zod';
import { AlertReceipts } from '../alerts/alert-receipts';
import { AlertsService } from '../alerts/alerts.service';
import { TokenService } from '../auth/token.service';
import { UserStatus } from '../auth/user-status';
import type { AlertsNamespace, StationSocket, StationSocketData } from '../broadcast/alerts-namespace';
import { Broadcaster, userRoom } from '../broadcast/broadcaster';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics.service';
import { PatientsService } from '../patients/patients.service';
import { PresenceService } from '../presence/presence.service';
import { FairUse } from './fair-use';
import { reportHandshakeRefusals } from './handshake-refusals';
import { listenForMessages, type MessageHandler, messageListeners } from './message-handlers';
import { disabledNow, socketAuthMiddleware } from './socket-auth.middleware';
import { TokenExpiryTimers } from './token-expiry';

const REPLAY_PAGE = 500;

const errorAck = (code: ErrorCode, message: string): ErrorAck => ({ status: 'error', code, message });

/**
 * `/alerts`: stations connect here. Global pipes do not reach gateways, so
 * every payload is parsed with its shared schema in `handle()`; a bad payload
 * gets `invalid_payload` and the socket stays up. Every packet passes the
 * socket's fair-use share first (issue #8, fair-use.ts): over it, the answer
 * is `rate_limited` and no handler runs. Sits above the services it
 * calls; they reach stations through the Broadcaster, never through this.
 */
@WebSocketGateway({ namespace: ALERTS_NAMESPACE })
export class AlertsGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(AlertsGateway.name);
  private readonly expiry = new TokenExpiryTimers();
  private readonly fairUse: FairUse;
  private namespace?: AlertsNamespace;
  private readonly handlerLogger = new Logger('SocketMessages');
  /** The client events a station may send: one set of listeners for every socket (message-handlers.ts says why not `@SubscribeMessage`). */
  private readonly messages = messageListeners(
    new Map<string, MessageHandler<StationSocket>>([
      [ClientEvent.SubscribePatient, (socket, payload) => this.subscribePatient(socket, payload)],
      [ClientEvent.UnsubscribePatient, (socket, payload) => this.unsubscribePatient(socket, payload)],
      [ClientEvent.MarkAlertRead, (socket, payload) => this.markRead(socket, payload)],
      [ClientEvent.AckAlert, (socket, payload) => this.ackAlert(socket, payload)],
      [ClientEvent.Sync, (socket, payload) => this.sync(socket, payload)],
      [ClientEvent.AlertDelivered, (socket, payload) => this.alertDelivered(socket, payload)],
      [ClientEvent.RefreshToken, (socket, payload) => this.refreshToken(socket, payload)],
    ]),
    (event, error, socket) => this.handlerLogger.error({ event, socketId: socket.id, err: error }, 'socket message handler failed'),
  );

  constructor(
    private readonly tokens: TokenService,
    private readonly userStatus: UserStatus,
    private readonly alerts: AlertsService,
    private readonly receipts: AlertReceipts,
    private readonly presence: PresenceService,
    private readonly patients: PatientsService,
    private readonly broadcaster: Broadcaster,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.fairUse = new FairUse(config.socketFairUse, this.logger);
  }

  afterInit(namespace: AlertsNamespace): void {
    this.namespace = namespace;
    const auth = socketAuthMiddleware(this.tokens, this.userStatus, this.logger);
    namespace.use(reportHandshakeRefusals(auth, this.metrics, this.logger, this.config.clientAddressHeader));
    namespace.use(this.fairUse.middleware);
    this.broadcaster.attach(namespace);
  }

  async handleConnection(socket: StationSocket): Promise<void> {
    const data = socket.data;
    listenForMessages(socket, this.messages);
    this.metrics.connectedSockets.inc({ tenant: data.tenantId });
    this.expiry.schedule(socket.id, data.exp, () => this.expire(socket));
    this.logger.log({ tenantId: data.tenantId, userId: data.userId, socketId: socket.id, lastSeq: data.lastSeq }, 'station connected');
    // A warning: a station gone is a nurse who may not hear the next alarm (socket.io's reason says who closed it).
    socket.once('disconnect', (reason) =>
      this.logger.warn({ tenantId: data.tenantId, userId: data.userId, socketId: socket.id, reason }, 'station disconnected'),
    );
    try {
      // The user room first (how a disabled account is dropped, issue #11),
      // then ask again: a disable committed since the handshake's check sent
      // its disconnect before this socket was in the room.
      await socket.join(userRoom(data.tenantId, data.userId));
      if (await disabledNow(this.userStatus, data, this.logger)) {
        this.logger.log({ tenantId: data.tenantId, userId: data.userId, socketId: socket.id }, 'user disabled; disconnecting station');
        socket.disconnect(true);
        return;
      }
      // Replay first, then join the room, then catch up on what was stored
      // in between: nothing is missed, and the station drops duplicates by id.
      const sent = data.lastSeq === undefined ? 0 : await this.replay(socket, data.tenantId, data.lastSeq);
      await socket.join(tenantRoom(data.tenantId));
      if (data.lastSeq !== undefined) await this.replay(socket, data.tenantId, sent);
      // Online once it holds everything (issue #9); a socket gone meanwhile is not a station online.
      if (data.station && socket.connected) {
        await this.presence.connected({ socketId: socket.id, tenantId: data.tenantId, userId: data.userId, station: data.station });
      }
    } catch (error) {
      this.logger.error(
        { tenantId: data.tenantId, socketId: socket.id, err: error },
        'replay failed; disconnecting so the station retries',
      );
      socket.disconnect(true);
    }
  }

  handleDisconnect(socket: StationSocket): void {
    const data = socket.data;
    this.expiry.clear(socket.id);
    if (data.tenantId) this.metrics.connectedSockets.dec({ tenant: data.tenantId });
    if (data.station) void this.presence.disconnected(socket.id);
  }

  async subscribePatient(socket: StationSocket, payload: unknown): Promise<SubscribeAck> {
    return this.handle(socket, ClientEvent.SubscribePatient, PatientRefSchema, payload, async ({ patientId }, data) => {
      if (!(await this.patients.find(data.tenantId, patientId))) return errorAck('not_found', 'patient not found');
      await socket.join(patientRoom(data.tenantId, patientId));
      return { status: 'subscribed', patientId };
    });
  }

  async unsubscribePatient(socket: StationSocket, payload: unknown): Promise<UnsubscribeAck> {
    return this.handle(socket, ClientEvent.UnsubscribePatient, PatientRefSchema, payload, async ({ patientId }, data) => {
      await socket.leave(patientRoom(data.tenantId, patientId));
      return { status: 'unsubscribed', patientId };
    });
  }

  async markRead(socket: StationSocket, payload: unknown): Promise<AlertActionAck> {
    return this.handle(socket, ClientEvent.MarkAlertRead, AlertRefSchema, payload, async ({ alertId }, data) => {
      await this.alerts.markRead(data.tenantId, alertId, data.userId);
      return { status: 'ok' };
    });
  }

  async ackAlert(socket: StationSocket, payload: unknown): Promise<AlertActionAck> {
    return this.handle(socket, ClientEvent.AckAlert, AlertRefSchema, payload, async ({ alertId }, data) => {
      if (data.role === 'agent') return errorAck('forbidden', 'agents cannot acknowledge alerts');
      await this.alerts.acknowledge(data.tenantId, alertId, data.userId);
      return { status: 'ok' };
    });
  }

  async sync(socket: StationSocket, payload: unknown): Promise<SyncAck> {
    return this.handle(socket, ClientEvent.Sync, SyncRequestSchema, payload, async ({ afterSeq }, data) => {
      const alerts = await this.alerts.list(data.tenantId, afterSeq, SYNC_PAGE_SIZE);
      this.metrics.alertsReplayed.inc(alerts.length);
      return { status: 'ok', alerts };
    });
  }

  /** Receipts (issue #9): a station confirms the alerts it holds; idempotent per station, unknown ids ignored. */
  async alertDelivered(socket: StationSocket, payload: unknown): Promise<AlertActionAck> {
    return this.handle(socket, ClientEvent.AlertDelivered, AlertDeliveredRequestSchema, payload, async ({ alertIds }, data) => {
      if (!data.station) return errorAck('invalid_payload', 'receipts need the station identity in the handshake (auth.station)');
      await this.receipts.record(data.tenantId, data.userId, data.station, alertIds);
      return { status: 'ok' };
    });
  }

  async refreshToken(socket: StationSocket, payload: unknown): Promise<RefreshAck> {
    return this.handle(socket, ClientEvent.RefreshToken, RefreshTokenRequestSchema, payload, async ({ token }, data) => {
      const result = await this.tokens.verifyAccessToken(token);
      if (!result.ok) return errorAck('unauthorized', result.reason);
      if (result.claims.sub !== data.userId || result.claims.tenantId !== data.tenantId) {
        return errorAck('forbidden', 'token belongs to another user or tenant');
      }
      data.exp = result.claims.exp;
      data.role = result.claims.role;
      this.expiry.schedule(socket.id, data.exp, () => this.expire(socket));
      return { status: 'ok', exp: data.exp };
    });
  }

  /**
   * Shutdown: a clean server-side disconnect of this instance's sockets only
   * (`local`: with Redis, a plain disconnectSockets would reach every instance).
   * Stations see "io server disconnect" rather than a dropped link.
   */
  beforeApplicationShutdown(): void {
    this.namespace?.local.disconnectSockets(true);
  }

  onApplicationShutdown(): void {
    this.expiry.clearAll();
  }

  /** Parses, runs, and turns any failure into an ack: a handler never throws at the socket. */
  private async handle<S extends z.ZodType, A>(
    socket: StationSocket,
    event: ClientEventName,
    schema: S,
    payload: unknown,
    run: (input: z.infer<S>, data: StationSocketData) => Promise<A>,
  ): Promise<A | ErrorAck> {
    const data = socket.data;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      this.metrics.invalidPayloads.inc({ event });
      return errorAck('invalid_payload', describeZodError(parsed.error));
    }
    try {
      return await this.fairUse.run(socket, event, () => run(parsed.data, data));
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() === HttpStatus.NOT_FOUND) return errorAck('not_found', error.message);
      this.logger.error({ tenantId: data.tenantId, socketId: socket.id, event, err: error }, 'socket handler failed');
      return errorAck('internal', 'internal error');
    }
  }

  /** Sends every stored alert with seq > afterSeq, in order; returns the last seq sent. */
  private async replay(socket: StationSocket, tenantId: string, afterSeq: number): Promise<number> {
    let last = afterSeq;
    for (;;) {
      const page = await this.alerts.list(tenantId, last, REPLAY_PAGE);
      for (const alert of page) socket.emit(ServerEvent.CriticalAlert, alert);
      this.metrics.alertsReplayed.inc(page.length);
      last = page.at(-1)?.seq ?? last;
      if (page.length < REPLAY_PAGE) return last;
    }
  }

  private expire(socket: StationSocket): void {
    const data = socket.data;
    this.logger.log({ tenantId: data.tenantId, userId: data.userId, socketId: socket.id }, 'token expired; disconnecting station');
    socket.disconnect(true);
  }

  /** Sockets connected to this instance (for shutdown and tests). */
  get localNamespace(): AlertsNamespace | undefined {
    return this.namespace;
  }
}

import type { ServerEventName, StationIdentity } from '@plantao/shared';
import type { StoreApi } from 'zustand/vanilla';
import type { AlarmAlert, AlarmPolicy } from './alarm-policy';
import type { BackoffOptions } from './backoff';
import { type Connection, createConnection } from './connection';
import type { CoreMessages } from './i18n';
import { type CoreLogger, errorContext } from './logger';
import type { RestClient } from './rest-client';
import type { Scheduler } from './scheduler';
import type { StationState } from './station-core';
import { TokenSession } from './token-session';

export type StationUser = NonNullable<StationState['user']>;

/** One sign-in: its silent token refresh and its socket. */
export interface Session {
  readonly user: StationUser;
  readonly tokens: TokenSession;
  readonly connection: Connection;
  /** Staff names and the hospital's alarm window, loading since the session began. */
  readonly directoryReady: Promise<void>;
}

/**
 * The signed-in session and its link: begins with a login (or a saved
 * session at start), shows the connection state, rings the technical alarm
 * while the link is down, and ends at logout, at another login, or when the
 * server refuses the refresh token. Every event of a session that is no
 * longer current is ignored, so an old socket never acts on a new session.
 */
export interface StationSessions {
  current(): Session | undefined;
  /** Still the current session and, when `epoch` is given, still the same connect. */
  isCurrent(session: Session, epoch?: number): boolean;
  begin(user: StationUser, refreshToken: string, accessToken?: string): void;
  /** Stops the session's socket and token refresh; the station still expects alerts (technical alarm). */
  end(): void;
  /** Stop or logout: alerts are no longer expected. */
  halt(): void;
  /** The OS resumed from sleep: reconnect now, or check a link that looks up with `probe`. */
  resume(probe: (session: Session) => Promise<void>): void;
}

export interface StationSessionsOptions {
  serverUrl: () => string;
  rest: () => RestClient;
  store: StoreApi<StationState>;
  policy: AlarmPolicy;
  lastSeq: () => number;
  /** `auth.station` of every handshake. */
  identity: () => StationIdentity;
  text: () => CoreMessages;
  tenantId: () => string | undefined;
  scheduler: Scheduler;
  backoff: BackoffOptions;
  logger: CoreLogger;
  transports?: ('websocket' | 'polling')[];
  /** Started as the session begins; the first catch-up waits for it. */
  loadDirectory(session: Session): Promise<void>;
  /** Each connect of the current session; `epoch` tells it from later connects. */
  onConnect(session: Session, epoch: number, firstConnect: boolean): void;
  onServerEvent(event: ServerEventName, payload: unknown): void;
  /** No gap fill without a session or a link: the next connect's catch-up covers it. */
  stopGapFill(): void;
  /** Alerts held for the catch-up window alarm now: the link that would replay them is gone. */
  releaseHeld(): void;
  /** Persist the rotated refresh token; awaited before the new access token is used. */
  onRotated(refreshToken: string): Promise<void>;
  /** The refresh token was refused: forget the saved session. */
  onRejected(): void;
  /** Unacknowledged critical alerts held from before: they keep repeating. */
  unacknowledgedCritical(): AlarmAlert[];
}

/** What a session reports; the station acts on a report only while that session is current. */
interface SessionEvents {
  rotated(session: SignedInSession, refreshToken: string): Promise<void>;
  accessToken(session: SignedInSession, token: string): void;
  rejected(session: SignedInSession, reason: string): void;
  connecting(session: SignedInSession): void;
  connected(session: SignedInSession): void;
  disconnected(session: SignedInSession): void;
  serverEvent(session: SignedInSession, event: ServerEventName, payload: unknown): void;
}

/** A session's token refresh and socket report as `this`: no holder filled in after construction. */
class SignedInSession implements Session {
  readonly tokens: TokenSession;
  readonly connection: Connection;
  directoryReady: Promise<void> = Promise.resolve();
  /** Connects so far: the first one's directory load started with the session. */
  connects = 0;

  constructor(
    readonly user: StationUser,
    refreshToken: string,
    accessToken: string | undefined,
    events: SessionEvents,
    options: StationSessionsOptions,
  ) {
    const { scheduler, backoff, logger } = options;
    this.tokens = new TokenSession(
      {
        refresh: (token) => options.rest().refresh(token),
        onRotated: (pair) => events.rotated(this, pair.refreshToken),
        onAccessToken: (token) => events.accessToken(this, token),
        onRejected: (reason) => events.rejected(this, reason),
        scheduler,
        backoff,
        logger,
      },
      refreshToken,
      accessToken,
    );
    this.connection = createConnection({
      serverUrl: options.serverUrl(),
      tokens: this.tokens,
      getLastSeq: options.lastSeq,
      identity: options.identity,
      scheduler,
      backoff,
      logger,
      ...(options.transports ? { transports: options.transports } : {}),
      events: {
        onConnecting: () => events.connecting(this),
        onConnect: () => events.connected(this),
        onDisconnect: () => events.disconnected(this),
        onServerEvent: (event, payload) => events.serverEvent(this, event, payload),
      },
    });
  }
}

export function createStationSessions(options: StationSessionsOptions): StationSessions {
  const { store, policy, scheduler } = options;
  const log = options.logger;
  const set = (partial: Partial<StationState>) => store.setState(partial);
  let active: SignedInSession | undefined;
  /** The station should be receiving alerts (between start/login and stop/logout). */
  let running = false;
  /** Counts connects, so work started for one connection never acts on the next. */
  let connectEpoch = 0;

  const isCurrent = (session: Session, epoch?: number) => active === session && (epoch === undefined || epoch === connectEpoch);

  const markDisconnected = () => {
    // Who else is online is unknown until the next connect's `presence_update`: never show a stale count.
    set({
      connection: 'disconnected',
      disconnectedSince: store.getState().disconnectedSince ?? scheduler.now(),
      stationsOnline: undefined,
    });
    policy.connectionLost();
  };

  const end = () => {
    const session = active;
    active = undefined;
    options.stopGapFill();
    if (!session) return;
    session.connection.stop();
    session.tokens.stop();
  };

  /** The session is over for good: stop it, show the login, keep the technical alarm going. */
  const finishRejected = (session: Session) => {
    if (!isCurrent(session)) return;
    end();
    options.releaseHeld();
    set({ user: undefined });
    // Still "running": the technical alarm goes on until someone logs in again.
    markDisconnected();
  };

  const events: SessionEvents = {
    async rotated(session, refreshToken) {
      if (isCurrent(session)) await options.onRotated(refreshToken);
    },
    accessToken(session, token) {
      if (isCurrent(session)) void session.connection.pushToken(token);
    },
    /**
     * The server refused the refresh token (revoked, reused, expired). The live
     * socket keeps delivering alerts until the server drops it at access-token
     * expiry, so it is kept until then; the nurse is asked to log in again now.
     */
    rejected(session, reason) {
      if (!isCurrent(session)) return;
      log.warn('session ended by the server; a new login is needed', { tenantId: options.tenantId(), userId: session.user.id, reason });
      options.onRejected();
      set({ lastError: options.text().sessionExpired });
      if (!session.connection.connected) finishRejected(session);
    },
    connecting(session) {
      if (isCurrent(session) && store.getState().connection !== 'connected') set({ connection: 'connecting' });
    },
    connected(session) {
      if (!isCurrent(session)) return;
      set({ connection: 'connected', lastConnectedAt: scheduler.now(), disconnectedSince: undefined, lastError: undefined });
      policy.connectionRestored();
      connectEpoch += 1;
      session.connects += 1;
      options.onConnect(session, connectEpoch, session.connects === 1);
    },
    disconnected(session) {
      if (!isCurrent(session)) return;
      if (session.tokens.isRejected) {
        finishRejected(session);
        return;
      }
      options.stopGapFill();
      // Held alerts are not lost with the link: they alarm now.
      options.releaseHeld();
      markDisconnected();
    },
    serverEvent(session, event, payload) {
      if (isCurrent(session)) options.onServerEvent(event, payload);
    },
  };

  return {
    current: () => active,
    isCurrent,
    begin(user, refreshToken, accessToken) {
      end();
      running = true;
      const session = new SignedInSession(user, refreshToken, accessToken, events, options);
      session.directoryReady = options.loadDirectory(session);
      active = session;
      set({
        user,
        lastError: undefined,
        connection: 'connecting',
        disconnectedSince: store.getState().disconnectedSince ?? scheduler.now(),
      });
      // Unacknowledged critical alerts from before a restart keep repeating (from the next burst, not now).
      policy.restore(options.unacknowledgedCritical());
      policy.connectionLost();
      session.connection.start();
    },
    end,
    halt() {
      running = false;
      end();
    },
    resume(probe) {
      const session = active;
      if (!session || !running) return;
      log.info('resumed from sleep: checking the connection');
      session.tokens.checkNow();
      if (!session.connection.connected) {
        session.connection.reconnectNow();
        return;
      }
      // A link that looks up after sleep may be dead: one quick round trip decides.
      probe(session).catch((error: unknown) => {
        if (active !== session) return;
        log.warn('no answer after resume; reconnecting', errorContext(error));
        session.connection.forceReconnect();
      });
    },
  };
}

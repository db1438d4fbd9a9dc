import type { StoreApi } from 'zustand/vanilla';
import { type CoreLogger, errorContext } from './logger';
import { Persister } from './persister';
import type { Scheduler } from './scheduler';
import type { StationAlert, StationState } from './station-core';
import { isValidStationId, newStationId } from './station-identity';
import { PERSISTED_VERSION, type PersistedStation, PersistedStationSchema, type StationStorage } from './storage';
import { boundAlerts, initialStationState, type SeqTracker } from './store';

/** The session as saved: who signed in, and the refresh token (it changes on every rotation). */
export interface SavedSession {
  refreshToken: string;
  user: NonNullable<StationState['user']>;
}

/**
 * What survives a restart (`storage.ts` says why each part): the hospital the
 * alerts belong to, the saved session, `lastSeq`, the alerts and the station
 * config. It holds the hospital and the session itself; the rest it reads
 * from the store and the seq tracker at each write.
 */
export interface StationPersistence {
  /** The hospital whose alerts the store holds: a login elsewhere starts clean (nothing leaks across tenants). */
  readonly tenantId: string | undefined;
  /**
   * This installation's station id (handshake `auth.station.id`): the host's,
   * else the saved one, else a new one (saved with the state). Final once loaded.
   */
  readonly stationId: string;
  readonly savedSession: SavedSession | undefined;
  /**
   * The server the station talks to (sign-in calls it at creation and when a
   * login adopts another server). Saved with the state; a state saved for
   * another origin is wiped at load, session included.
   */
  bindServer(serverUrl: string): void;
  /** Reads the state file once; later calls wait for that same read. */
  ensureLoaded(): Promise<void>;
  /** A login: its hospital and session reach the disk before the station connects. */
  saveLogin(session: SavedSession): Promise<void>;
  /** The refresh token rotated: written at once, before the new access token is used. */
  saveRotation(refreshToken: string): Promise<void>;
  /** The server refused the session: a restart must not try it again. */
  forgetSession(): void;
  /** Forgets the hospital's data held here (alerts, patients, conversations, config), not the session. */
  wipeData(): void;
  /** Another server: its hospitals are not this one's. */
  forgetTenant(): void;
  /** Logout: nothing is kept, in memory or on disk. */
  forgetAll(): Promise<void>;
  /** A change worth keeping: written soon, coalesced with others. */
  schedule(): void;
  saveNow(): Promise<void>;
  /** Writes pending changes now, if any (stop). */
  flush(): Promise<void>;
}

export interface StationPersistenceOptions {
  storage: StationStorage;
  store: StoreApi<StationState>;
  tracker: SeqTracker;
  maxAlerts: number;
  scheduler: Scheduler;
  logger: CoreLogger;
  /** An id the host keeps per installation; wins over the saved one. */
  hostStationId?: string | undefined;
}

export function createStationPersistence(options: StationPersistenceOptions): StationPersistence {
  const { store, tracker } = options;
  const log = options.logger;
  let tenantId: string | undefined;
  let savedSession: SavedSession | undefined;
  let loading: Promise<void> | undefined;
  let serverOrigin: string | undefined;
  const hostStationId = isValidStationId(options.hostStationId) ? options.hostStationId : undefined;
  /** Until the saved state is read: a provisional id (replaced by the saved one, if any). */
  let stationId = hostStationId ?? newStationId();
  let stationIdFromStorage = hostStationId !== undefined;

  const snapshot = (): PersistedStation => ({
    version: PERSISTED_VERSION,
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...(serverOrigin !== undefined ? { serverOrigin } : {}),
    ...(savedSession ? { session: { refreshToken: savedSession.refreshToken, user: savedSession.user } } : {}),
    lastSeq: tracker.lastSeq,
    alerts: Object.values(store.getState().alerts),
    config: store.getState().config,
    stationId,
  });
  const persister = new Persister(options.storage, snapshot, options.scheduler, log);

  const load = async () => {
    let raw: unknown;
    try {
      raw = await options.storage.load();
    } catch (error) {
      log.error('could not read the station state; starting clean', errorContext(error));
      return;
    }
    if (raw === undefined) return;
    const parsed = PersistedStationSchema.safeParse(raw);
    if (!parsed.success) {
      log.error('stored station state is invalid; starting clean', { issue: parsed.error.issues[0]?.message });
      return;
    }
    const data = parsed.data;
    // Per installation, whatever server or hospital the rest of the file belongs to.
    if (hostStationId === undefined && data.stationId !== undefined && isValidStationId(data.stationId)) {
      stationId = data.stationId;
      stationIdFromStorage = true;
    }
    if (data.serverOrigin !== undefined && data.serverOrigin !== serverOrigin) {
      // A session and alerts from another server (IT moved the station, or the file was copied): never replayed here.
      log.warn('stored station state belongs to another server; session and alerts wiped', {
        savedOrigin: data.serverOrigin,
        serverOrigin: serverOrigin ?? '(none)',
      });
      await persister.saveNow();
      return;
    }
    tenantId = data.tenantId ?? data.session?.user.tenantId;
    savedSession = data.session;
    tracker.reset(data.lastSeq);
    const alerts: Record<string, StationAlert> = {};
    for (const alert of data.alerts) if (tenantId === undefined || alert.tenantId === tenantId) alerts[alert.id] = alert;
    // The same bound as at intake (a file from a build with a higher cap, or a long way past the window, shrinks here).
    const windowHours = (data.config ?? store.getState().config).alarmWindowHours;
    store.setState({
      lastSeq: tracker.lastSeq,
      alerts: boundAlerts(alerts, options.maxAlerts, options.scheduler.now() - windowHours * 3_600_000),
      ...(savedSession ? { user: savedSession.user } : {}),
      ...(data.config ? { config: data.config } : {}),
    });
    log.info('station state restored', {
      tenantId,
      lastSeq: data.lastSeq,
      alerts: data.alerts.length,
      session: savedSession !== undefined,
    });
  };

  const loadOnce = async () => {
    await load();
    // A station id nobody saved yet: written soon, so the next start sends the same one.
    if (!stationIdFromStorage) {
      stationIdFromStorage = true;
      log.info('new station id', { stationId });
      persister.schedule();
    }
  };

  return {
    get tenantId() {
      return tenantId;
    },
    get stationId() {
      return stationId;
    },
    get savedSession() {
      return savedSession;
    },
    bindServer(serverUrl) {
      serverOrigin = originOf(serverUrl);
    },
    ensureLoaded: () => (loading ??= loadOnce()),
    async saveLogin(session) {
      tenantId = session.user.tenantId;
      savedSession = session;
      await persister.saveNow();
    },
    async saveRotation(refreshToken) {
      if (!savedSession) return;
      savedSession = { ...savedSession, refreshToken };
      await persister.saveNow();
    },
    forgetSession() {
      savedSession = undefined;
      void persister.saveNow();
    },
    wipeData() {
      tracker.reset(0);
      const state = initialStationState();
      store.setState({
        lastSeq: 0,
        alerts: state.alerts,
        conversations: state.conversations,
        priorities: state.priorities,
        patients: state.patients,
        staff: state.staff,
        config: state.config,
      });
    },
    forgetTenant() {
      tenantId = undefined;
    },
    async forgetAll() {
      savedSession = undefined;
      tenantId = undefined;
      tracker.reset(0);
      store.setState(initialStationState(), true);
      await persister.clear();
    },
    schedule: () => persister.schedule(),
    saveNow: () => persister.saveNow(),
    flush: () => persister.flush(),
  };
}

/** `https://host:port` of a server address; `undefined` when there is none (no server configured yet). */
export function originOf(serverUrl: string): string | undefined {
  if (!URL.canParse(serverUrl)) return undefined;
  const { origin } = new URL(serverUrl);
  return origin === 'null' ? undefined : origin;
}

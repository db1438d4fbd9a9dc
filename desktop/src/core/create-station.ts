import {
  type AlertPayload,
  AlertPayloadSchema,
  type AlertUpdatedPayload,
  AlertUpdatedPayloadSchema,
  ConversationUpdatePayloadSchema,
  NewPatientPayloadSchema,
  PatientStatusChangePayloadSchema,
  PriorityUpdatePayloadSchema,
  ServerEvent,
  type ServerEventName,
} from '@plantao/shared';
import type { z } from 'zod';
import { IpcErrorCode, SYNC_PAGE_SIZE } from '@plantao/shared';
import { type AlarmAlert, type AlarmPolicy, type AlertOrigin, createAlarmPolicy } from './alarm-policy';
import { type BackoffOptions, DEFAULT_BACKOFF } from './backoff';
import { CatchUpGate } from './catch-up';
import { createClinicalActions } from './clinical-actions';
import { createHospitalDirectory } from './hospital-directory';
import { codeOfRestFailure, StationError } from './station-error';
import { type Connection, createConnection } from './connection';
import { type CoreLocale, coreMessages } from './i18n';
import { type CoreLogger, consoleLogger, errorContext } from './logger';
import {
  type AlertFormatter,
  bedOf,
  catchUpNotification,
  connectionLostNotification,
  connectionRestoredNotification,
  criticalReminderNotification,
  formatAlertNotification,
} from './notification-text';
import { Persister } from './persister';
import type { AlarmOutputs, NotificationRequest } from './ports';
import { baseUrlOf, createRestClient, HttpError, type RestClient } from './rest-client';
import { realScheduler, type Scheduler, Timer } from './scheduler';
import type { StationAlert, StationCore, StationState } from './station-core';
import { PERSISTED_VERSION, type PersistedStation, PersistedStationSchema, type StationStorage } from './storage';
import {
  applyAlertUpdate,
  applyConversationUpdate,
  applyNewPatient,
  applyPatientList,
  applyPatientStatusChange,
  applyPriorityUpdate,
  boundAlerts,
  createStationStore,
  DEFAULT_LIMITS,
  ingestAlerts,
  initialStationState,
  recomputeReadByMe,
  SeqTracker,
  type StoreLimits,
} from './store';
import { TokenSession } from './token-session';

/**
 * Composes the station core: REST client + token session + connection +
 * store + alarm policy + persistence. This is the one place that wires them;
 * each piece has one job and its own tests.
 */
export interface StationOptions {
  /** e.g. `https://plantao.hospital.example` (no trailing `/alerts`). */
  serverUrl: string;
  storage: StationStorage;
  outputs: AlarmOutputs;
  /** Language of the core's notifications and errors; a function is read each time (settings can change). */
  locale?: CoreLocale | (() => CoreLocale);
  /** Notifications show initials and bed instead of the name (default true); a function is read each time. */
  privacyMode?: boolean | (() => boolean);
  /** Pause between repeated alarms of an unacknowledged critical alert. Default 30 s. */
  burstIntervalMs?: number;
  /** Disconnected this long → technical alarm. Default 10 s. */
  technicalAlarmAfterMs?: number;
  /** Pause between repeated technical alarms. Default: the burst interval. */
  technicalRepeatMs?: number;
  /** Longest wait for the replay after a (re)connect before alerts alarm one by one. Default 1.5 s. */
  catchUpWindowMs?: number;
  /** Reconnection pacing. Default 1 s → 30 s, jitter 0.5. */
  backoff?: Partial<BackoffOptions>;
  limits?: Partial<StoreLimits>;
  /** Wait for a socket action's answer before falling back to REST. Default 5 s. */
  actionTimeoutMs?: number;
  /** Fake time for tests; real timers otherwise. */
  scheduler?: Scheduler;
  logger?: CoreLogger;
  fetch?: typeof fetch;
  /** The alert notification text (e.g. `formatAlertNotification` from `@plantao/shared`). */
  formatAlert?: AlertFormatter;
  transports?: ('websocket' | 'polling')[];
}

interface Session {
  user: NonNullable<StationState['user']>;
  tokens: TokenSession;
  connection: Connection;
  /** Staff names and the hospital's alarm window, loading since the session began. */
  directoryReady: Promise<void>;
  connects: number;
}

/** How many `sync` pages (1,000 alerts each) one catch-up may read. */
const MAX_SYNC_PAGES = 100;
const SYNC_TIMEOUT_MS = 10_000;
const GAP_FILL_DELAY_MS = 2_000;
const RESUME_PROBE_TIMEOUT_MS = 3_000;

const read = <T>(value: T | (() => T)): T => (typeof value === 'function' ? (value as () => T)() : value);

export function createStation(options: StationOptions): StationCore {
  const scheduler = options.scheduler ?? realScheduler;
  const log = options.logger ?? consoleLogger;
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const limits: StoreLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const actionTimeoutMs = options.actionTimeoutMs ?? 5_000;
  const formatAlert = options.formatAlert ?? formatAlertNotification;
  const locale = () => read(options.locale ?? 'pt-BR');
  // Privacy by default, like the managed configuration: names only when the host says so.
  const privacyMode = () => read(options.privacyMode ?? true);
  const text = () => coreMessages(locale());

  const store = createStationStore();
  const tracker = new SeqTracker();
  /** Changes only when a nurse signs in to another server (first sign-in of a station). */
  let serverUrl = options.serverUrl;
  const restFor = (url: string): RestClient => createRestClient({ serverUrl: url, ...(options.fetch ? { fetch: options.fetch } : {}) });
  let rest: RestClient = restFor(serverUrl);
  const gapTimer = new Timer(scheduler);

  /** The hospital whose alerts the store holds: a login elsewhere starts clean (nothing leaks across tenants). */
  let tenantId: string | undefined;
  /** What is persisted of the session; the refresh token changes on every rotation. */
  let savedSession: { refreshToken: string; user: NonNullable<StationState['user']> } | undefined;
  let active: Session | undefined;
  /** The station should be receiving alerts (between start/login and stop/logout). */
  let running = false;
  let loading: Promise<void> | undefined;
  /** Counts connects, so work started for one connection never acts on the next. */
  let connectEpoch = 0;

  const set = (partial: Partial<StationState>) => store.setState(partial);

  const snapshot = (): PersistedStation => ({
    version: PERSISTED_VERSION,
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...(savedSession ? { session: { refreshToken: savedSession.refreshToken, user: savedSession.user } } : {}),
    lastSeq: tracker.lastSeq,
    alerts: Object.values(store.getState().alerts),
    config: store.getState().config,
  });
  const persister = new Persister(options.storage, snapshot, scheduler, log);

  // ---- the hospital: staff names, station config, screen actions ------------

  const directory = createHospitalDirectory({
    rest: () => rest,
    staff: () => store.getState().staff,
    onStaff: (staff) => set({ staff }),
    onConfig: (config) => {
      set({ config });
      persister.schedule();
    },
    scheduler,
    logger: log,
  });
  const loadDirectory = (session: Session) =>
    directory.load(
      () => session.tokens.getFreshAccessToken(),
      () => active === session,
    );
  /** Names "Lida por …" needs: a colleague created during the shift is looked up. */
  const noteUsers = (ids: readonly string[]) => {
    const session = active;
    if (session && ids.length > 0) directory.noteUserIds(ids, () => session.tokens.getFreshAccessToken(), () => active === session);
  };
  const usersOf = (alert: StationAlert): string[] => [...alert.readBy, ...(alert.acknowledgedBy ? [alert.acknowledgedBy] : [])];

  const clinical = createClinicalActions({
    rest: () => rest,
    session: () => {
      const session = active;
      return session ? { accessToken: () => session.tokens.getFreshAccessToken(), connection: session.connection } : undefined;
    },
    store,
    text,
    logger: log,
  });

  // ---- alarms -------------------------------------------------------------

  const alertNotification = (alertId: string): NotificationRequest => {
    const { alerts, patients } = store.getState();
    const alert = alerts[alertId];
    if (!alert) return criticalReminderNotification(1, locale());
    const bed = bedOf(patients[alert.patientId]?.bed, alert.metadata);
    const shown = formatAlert(
      { id: alert.id, patientName: alert.patientName, severity: alert.severity, type: alert.type, message: alert.message, ...(bed ? { bed } : {}) },
      { privacyMode: privacyMode(), locale: locale() },
    );
    return { id: shown.id, alertId: shown.alertId, title: shown.title, body: shown.body, urgency: shown.urgency };
  };

  const policy: AlarmPolicy = createAlarmPolicy({
    outputs: options.outputs,
    scheduler,
    logger: log,
    ...(options.burstIntervalMs !== undefined ? { burstIntervalMs: options.burstIntervalMs } : {}),
    ...(options.technicalAlarmAfterMs !== undefined ? { technicalAlarmAfterMs: options.technicalAlarmAfterMs } : {}),
    ...(options.technicalRepeatMs !== undefined ? { technicalRepeatMs: options.technicalRepeatMs } : {}),
    onSilenceChange: (until) => set({ silencedUntil: until }),
    texts: {
      alert: alertNotification,
      catchUp: (count, anyCritical) => catchUpNotification(count, anyCritical, locale()),
      criticalReminder: (count) => criticalReminderNotification(count, locale()),
      connectionLost: () => connectionLostNotification(locale()),
      connectionRestored: () => connectionRestoredNotification(locale()),
    },
  });

  const toAlarm = (alert: StationAlert): AlarmAlert => ({
    id: alert.id,
    severity: alert.severity,
    acknowledged: alert.acknowledgedBy !== undefined,
  });

  const unacknowledgedCritical = () =>
    Object.values(store.getState().alerts)
      .filter((alert) => alert.severity === 'critical' && alert.acknowledgedBy === undefined && !alert.historical)
      .map(toAlarm);

  // ---- store updates from the server ---------------------------------------

  const currentUserId = () => active?.user.id ?? store.getState().user?.id;

  /** Another hospital's alert must never be shown here, whatever the server sends. */
  const belongsHere = (alert: AlertPayload): boolean => {
    if (tenantId === undefined || alert.tenantId === tenantId) return true;
    log.error('alert of another tenant dropped', { alertId: alert.id, alertTenant: alert.tenantId, tenantId });
    return false;
  };

  const ingest = (payloads: readonly AlertPayload[], origin: AlertOrigin) => {
    if (payloads.length === 0) return;
    const sorted = [...payloads].sort((a, b) => a.seq - b.seq);
    const now = scheduler.now();
    const result = ingestAlerts(store.getState().alerts, sorted, {
      userId: currentUserId(),
      now,
      isUnseen: (seq) => tracker.isUnseen(seq),
      maxAlerts: limits.maxAlerts,
      // Alerts older than the hospital's window (a first sign-in, days away) are listed for review, never rung.
      historicalBefore: now - store.getState().config.alarmWindowHours * 3_600_000,
    });
    for (const alert of sorted) tracker.observe(alert.seq);
    set({ alerts: result.alerts, lastSeq: tracker.lastSeq });
    if (result.added.length > 0 || result.acknowledged.length > 0) {
      log.info('alerts received', {
        tenantId,
        origin,
        added: result.added.map((alert) => alert.id),
        acknowledgedElsewhere: result.acknowledged,
        duplicates: result.duplicates,
        lastSeq: tracker.lastSeq,
      });
    }
    if (result.acknowledged.length > 0) policy.acknowledged(result.acknowledged);
    const toRing = result.added.filter((alert) => !alert.historical);
    if (toRing.length > 0) policy.alertsArrived(toRing.map(toAlarm), origin);
    if (toRing.length < result.added.length) log.info('old alerts listed for review, not rung', { tenantId, count: result.added.length - toRing.length });
    noteUsers(result.added.flatMap(usersOf));
    persister.schedule();
    scheduleGapFill();
  };

  const applyUpdate = (update: AlertUpdatedPayload) => {
    const result = applyAlertUpdate(store.getState().alerts, update, currentUserId());
    if (!result) {
      gate.updateHeld(update);
      return;
    }
    set({ alerts: result.alerts });
    noteUsers([...update.readBy, ...(update.acknowledgedBy ? [update.acknowledgedBy] : [])]);
    if (result.acknowledged) {
      log.info('alert acknowledged', { tenantId, alertId: update.alertId, by: update.acknowledgedBy });
      policy.acknowledged([update.alertId]);
    }
    persister.schedule();
  };

  const gate = new CatchUpGate(scheduler, options.catchUpWindowMs ?? 1_500, ({ catchUp, live }) => {
    ingest(catchUp, 'catch-up');
    ingest(live, 'live');
  });

  const parse = <S extends z.ZodType>(event: ServerEventName, schema: S, payload: unknown): z.infer<S> | undefined => {
    const parsed = schema.safeParse(payload);
    if (parsed.success) return parsed.data;
    log.error('invalid server payload dropped', { event, tenantId, issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) });
    return undefined;
  };

  const onServerEvent = (event: ServerEventName, payload: unknown) => {
    switch (event) {
      case ServerEvent.CriticalAlert: {
        const alert = parse(event, AlertPayloadSchema, payload);
        if (!alert || !belongsHere(alert)) return;
        if (!gate.offer(alert)) ingest([alert], 'live');
        return;
      }
      case ServerEvent.AlertUpdated: {
        const update = parse(event, AlertUpdatedPayloadSchema, payload);
        if (update) applyUpdate(update);
        return;
      }
      case ServerEvent.ConversationUpdate: {
        const update = parse(event, ConversationUpdatePayloadSchema, payload);
        if (update) set({ conversations: applyConversationUpdate(store.getState().conversations, update, limits) });
        return;
      }
      case ServerEvent.PriorityUpdate: {
        const update = parse(event, PriorityUpdatePayloadSchema, payload);
        if (update) set(applyPriorityUpdate(store.getState(), update));
        return;
      }
      case ServerEvent.NewPatient: {
        const patient = parse(event, NewPatientPayloadSchema, payload);
        if (patient) set(applyNewPatient(store.getState(), patient, scheduler.now()));
        return;
      }
      case ServerEvent.PatientStatusChange: {
        const change = parse(event, PatientStatusChangePayloadSchema, payload);
        if (change) set(applyPatientStatusChange(store.getState(), change));
        return;
      }
    }
  };

  // ---- catching up ---------------------------------------------------------

  /**
   * Reads what the server stored after `afterSeq` (paged), tenant-checked.
   * `end`: the highest seq the server reported, valid or not known.
   */
  const readBacklog = async (connection: Connection, afterSeq: number) => {
    const alerts: AlertPayload[] = [];
    let cursor = afterSeq;
    let complete = false;
    for (let page = 0; page < MAX_SYNC_PAGES; page++) {
      const answer = await connection.sync(cursor, SYNC_TIMEOUT_MS);
      if (answer.invalid > 0) log.error('sync: invalid alerts dropped', { tenantId, invalid: answer.invalid, afterSeq: cursor });
      alerts.push(...answer.alerts.filter(belongsHere));
      const last = answer.alerts.at(-1)?.seq;
      if (answer.received < SYNC_PAGE_SIZE) {
        complete = true;
        break;
      }
      if (last === undefined || last <= cursor) break;
      cursor = last;
    }
    const end = alerts.reduce((max, alert) => Math.max(max, alert.seq), afterSeq);
    return { alerts, end, complete };
  };

  /** Seqs the server could not deliver even when asked explicitly: stop waiting for them. */
  const skipUndeliverable = (through: number) => {
    const missing = tracker.skipThrough(through);
    if (missing.length > 0) {
      log.error('alerts missing from the server answer; skipped', { tenantId, seqs: missing.slice(0, 20), count: missing.length });
      set({ lastSeq: tracker.lastSeq });
      persister.schedule();
    }
  };

  /**
   * After every (re)connect: read the backlog with `sync`, from the oldest
   * unacknowledged alert we hold (their read/ack state may have changed while
   * we were away: an alert acknowledged elsewhere must stop alarming here) or
   * from `lastSeq`. Its end tells the catch-up gate which alerts were replayed.
   */
  const catchUp = async (session: Session, epoch: number) => {
    // The alarm window decides which replayed alerts ring: know it first (bounded by the REST timeout).
    await session.directoryReady;
    if (active !== session || epoch !== connectEpoch) return;
    const lastSeq = tracker.lastSeq;
    let from = lastSeq;
    for (const alert of Object.values(store.getState().alerts)) {
      if (alert.acknowledgedBy === undefined && alert.seq <= lastSeq) from = Math.min(from, alert.seq - 1);
    }
    try {
      const backlog = await readBacklog(session.connection, from);
      if (active !== session || epoch !== connectEpoch) return;
      gate.close(backlog.alerts, Math.max(backlog.end, lastSeq));
      if (backlog.complete) skipUndeliverable(backlog.end);
    } catch (error) {
      log.warn('catch-up sync failed; replayed alerts are summarised by time', { tenantId, ...errorContext(error) });
      // A late failure of an earlier connection must not close the window of the current one.
      if (active === session && epoch === connectEpoch) gate.close();
    }
  };

  /** Names and beds for privacy-mode notifications of alerts that carry no bed; best effort. */
  const loadPatients = async (session: Session) => {
    try {
      const list = await rest.patients(await session.tokens.getFreshAccessToken());
      if (active === session) set(applyPatientList(store.getState(), list));
    } catch (error) {
      log.warn('patient list not loaded; beds come from live events only', { tenantId, ...errorContext(error) });
    }
  };

  function scheduleGapFill() {
    if (!tracker.hasGap || gapTimer.pending || gate.isOpen || !active?.connection.connected) return;
    const session = active;
    gapTimer.set(() => {
      if (active !== session || !tracker.hasGap || !session.connection.connected) return;
      const from = tracker.lastSeq;
      log.warn('seq gap; asking the server for the missing alerts', { tenantId, lastSeq: from, highestSeen: tracker.highestSeen });
      readBacklog(session.connection, from).then(
        (backlog) => {
          if (active !== session) return;
          ingest(backlog.alerts, 'catch-up');
          if (backlog.complete) skipUndeliverable(backlog.end);
        },
        (error: unknown) => log.warn('gap sync failed; the next reconnect replays it', { tenantId, ...errorContext(error) }),
      );
    }, GAP_FILL_DELAY_MS);
  }

  // ---- session and connection -----------------------------------------------

  const markDisconnected = () => {
    const state = store.getState();
    set({ connection: 'disconnected', disconnectedSince: state.disconnectedSince ?? scheduler.now() });
    policy.connectionLost();
  };

  const endSession = () => {
    const session = active;
    active = undefined;
    gapTimer.clear();
    if (!session) return;
    session.connection.stop();
    session.tokens.stop();
  };

  /** The session is over for good: stop it, show the login, keep the technical alarm going. */
  const finishRejected = (session: Session) => {
    if (active !== session) return;
    endSession();
    gate.close();
    set({ user: undefined });
    // Still "running": the technical alarm goes on until someone logs in again.
    markDisconnected();
  };

  /**
   * The server refused the refresh token (revoked, reused, expired). The live
   * socket keeps delivering alerts until the server drops it at access-token
   * expiry, so it is kept until then; the nurse is asked to log in again now.
   */
  const sessionRejected = (session: Session, reason: string) => {
    if (active !== session) return;
    log.warn('session ended by the server; a new login is needed', { tenantId, userId: session.user.id, reason });
    savedSession = undefined;
    set({ lastError: text().sessionExpired });
    void persister.saveNow();
    if (!session.connection.connected) finishRejected(session);
  };

  const beginSession = (user: Session['user'], refreshToken: string, accessToken?: string) => {
    endSession();
    running = true;
    // Callbacks below run only once `self.session` is set; they act only while it is the active session.
    const self: { session?: Session } = {};
    const tokens = new TokenSession(
      {
        refresh: (token) => rest.refresh(token),
        onRotated: async (pair) => {
          if (!self.session || active !== self.session || !savedSession) return;
          savedSession = { ...savedSession, refreshToken: pair.refreshToken };
          await persister.saveNow();
        },
        onAccessToken: (token) => {
          if (self.session && active === self.session) void self.session.connection.pushToken(token);
        },
        onRejected: (reason) => {
          if (self.session) sessionRejected(self.session, reason);
        },
        scheduler,
        backoff,
        logger: log,
      },
      refreshToken,
      accessToken,
    );
    const connection = createConnection({
      serverUrl,
      tokens,
      getLastSeq: () => tracker.lastSeq,
      scheduler,
      backoff,
      logger: log,
      ...(options.transports ? { transports: options.transports } : {}),
      events: {
        onConnecting: () => {
          if (active === self.session && store.getState().connection !== 'connected') set({ connection: 'connecting' });
        },
        onConnect: () => {
          const session = self.session;
          if (!session || active !== session) return;
          set({ connection: 'connected', lastConnectedAt: scheduler.now(), disconnectedSince: undefined, lastError: undefined });
          policy.connectionRestored();
          connectEpoch += 1;
          gate.open();
          void catchUp(session, connectEpoch);
          void loadPatients(session);
          // The first connect's directory load started with the session; later ones refresh it.
          session.connects += 1;
          if (session.connects > 1) void loadDirectory(session);
          clinical.resubscribe();
        },
        onDisconnect: () => {
          if (!self.session || active !== self.session) return;
          if (tokens.isRejected) {
            finishRejected(self.session);
            return;
          }
          gapTimer.clear();
          // Held alerts are not lost with the link: they alarm now.
          gate.close();
          markDisconnected();
        },
        onServerEvent: (event, payload) => {
          if (self.session && active === self.session) onServerEvent(event, payload);
        },
      },
    });
    const session: Session = { user, tokens, connection, connects: 0, directoryReady: Promise.resolve() };
    session.directoryReady = loadDirectory(session);
    self.session = session;
    active = session;
    set({ user, lastError: undefined, connection: 'connecting', disconnectedSince: store.getState().disconnectedSince ?? scheduler.now() });
    // Unacknowledged critical alerts from before a restart keep repeating (from the next burst, not now).
    policy.restore(unacknowledgedCritical());
    policy.connectionLost();
    connection.start();
  };

  // ---- persistence -----------------------------------------------------------

  const wipeData = () => {
    tracker.reset(0);
    const state = initialStationState();
    set({
      lastSeq: 0,
      alerts: state.alerts,
      conversations: state.conversations,
      priorities: state.priorities,
      patients: state.patients,
      staff: state.staff,
      config: state.config,
    });
  };

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
    tenantId = data.tenantId ?? data.session?.user.tenantId;
    savedSession = data.session;
    tracker.reset(data.lastSeq);
    const alerts: Record<string, StationAlert> = {};
    for (const alert of data.alerts) if (tenantId === undefined || alert.tenantId === tenantId) alerts[alert.id] = alert;
    set({
      lastSeq: tracker.lastSeq,
      alerts: boundAlerts(alerts, limits.maxAlerts),
      ...(savedSession ? { user: savedSession.user } : {}),
      ...(data.config ? { config: data.config } : {}),
    });
    log.info('station state restored', { tenantId, lastSeq: data.lastSeq, alerts: data.alerts.length, session: savedSession !== undefined });
  };

  const ensureLoaded = () => (loading ??= load());

  // ---- actions ---------------------------------------------------------------

  /** Local effect of a confirmed action, in case the `alert_updated` broadcast is late. */
  const applyConfirmed = (action: 'ack' | 'read', alertId: string, userId: string) => {
    const alert = store.getState().alerts[alertId];
    if (!alert) return;
    applyUpdate({
      alertId,
      seq: alert.seq,
      readBy: alert.readBy.includes(userId) ? alert.readBy : [...alert.readBy, userId],
      ...(action === 'ack'
        ? { acknowledgedBy: alert.acknowledgedBy ?? userId, acknowledgedAt: alert.acknowledgedAt ?? new Date(scheduler.now()).toISOString() }
        : {}),
    });
  };

  const alertAction = async (action: 'ack' | 'read', alertId: string) => {
    const session = active;
    if (!session) throw new StationError(IpcErrorCode.NotLoggedIn, text().notLoggedIn);
    if (session.connection.connected) {
      try {
        const answer = await session.connection.alertAction(action, alertId, actionTimeoutMs);
        if (answer.ok) {
          applyConfirmed(action, alertId, session.user.id);
          return;
        }
        log.warn('alert action refused', { tenantId, alertId, action, code: answer.code, reason: answer.message });
        throw new StationError(IpcErrorCode.Refused, `${text().actionFailed} (${answer.code})`);
      } catch (error) {
        if (error instanceof StationError) throw error;
        log.warn('alert action not answered on the socket; trying REST', { tenantId, alertId, action, ...errorContext(error) });
      }
    }
    try {
      const token = await session.tokens.getFreshAccessToken();
      const update = await rest.alertAction(token, alertId, action);
      applyUpdate(update);
    } catch (error) {
      log.warn('alert action failed', { tenantId, alertId, action, ...errorContext(error) });
      const status = error instanceof HttpError ? ` (${error.status})` : '';
      throw new StationError(codeOfRestFailure(error), `${text().actionFailed}${status}`, { cause: error });
    }
  };

  return {
    store,

    get serverUrl() {
      return serverUrl;
    },

    async login(email, password, requestedServerUrl) {
      await ensureLoaded();
      // Another server (first sign-in of a station, or IT moved it): only adopted once it accepts the login.
      const switching = requestedServerUrl !== undefined && baseUrlOf(requestedServerUrl) !== baseUrlOf(serverUrl);
      const client = switching ? restFor(requestedServerUrl) : rest;
      let response;
      try {
        response = await client.login(email, password);
      } catch (error) {
        const code = loginFailureCode(error);
        const message = code === IpcErrorCode.LoginRefused ? text().loginRefused : code === IpcErrorCode.CertificateError ? text().certificateError : text().serverUnreachable;
        log.warn('login failed', { email, code, ...errorContext(error) });
        set({ lastError: message });
        throw new StationError(code, message, { cause: error });
      }
      const user = { ...response.user };
      endSession();
      if (switching) {
        log.info('signed in to another server: local alerts cleared', { from: serverUrl, to: requestedServerUrl });
        wipeData();
        tenantId = undefined;
        serverUrl = requestedServerUrl;
        rest = client;
      }
      if (tenantId !== undefined && tenantId !== user.tenantId) {
        log.info('login to another hospital: local alerts cleared', { from: tenantId, to: user.tenantId });
        wipeData();
      } else if (store.getState().user?.id !== user.id) {
        set({ alerts: recomputeReadByMe(store.getState().alerts, user.id) });
      }
      tenantId = user.tenantId;
      savedSession = { refreshToken: response.refreshToken, user };
      await persister.saveNow();
      beginSession(user, response.refreshToken, response.accessToken);
    },

    async logout() {
      running = false;
      endSession();
      clinical.clearSubscriptions();
      gate.cancel();
      policy.reset();
      savedSession = undefined;
      tenantId = undefined;
      tracker.reset(0);
      store.setState(initialStationState(), true);
      await persister.clear();
    },

    async start() {
      await ensureLoaded();
      if (active) return;
      if (!savedSession) {
        log.info('no saved session: waiting for a login');
        return;
      }
      beginSession(savedSession.user, savedSession.refreshToken);
    },

    async stop() {
      running = false;
      endSession();
      gate.cancel();
      policy.reset();
      set({ connection: 'disconnected' });
      await persister.flush();
    },

    ...clinical,
    ackAlert: (alertId) => alertAction('ack', alertId),
    markAlertRead: (alertId) => alertAction('read', alertId),

    silenceAlarms() {
      const until = policy.silence();
      log.info('alarms silenced', { until: new Date(until).toISOString() });
    },

    notifyResume() {
      const session = active;
      if (!session || !running) return;
      log.info('resumed from sleep: checking the connection');
      session.tokens.checkNow();
      if (!session.connection.connected) {
        session.connection.reconnectNow();
        return;
      }
      // A link that looks up after sleep may be dead: one quick round trip decides.
      readBacklogProbe(session).catch((error: unknown) => {
        if (active !== session) return;
        log.warn('no answer after resume; reconnecting', errorContext(error));
        session.connection.forceReconnect();
      });
    },
  };

  async function readBacklogProbe(session: Session) {
    const answer = await session.connection.sync(tracker.lastSeq, RESUME_PROBE_TIMEOUT_MS);
    if (active === session) ingest(answer.alerts.filter(belongsHere), 'catch-up');
  }
}

/** Why a login failed, in the words the sign-in screen needs. */
function loginFailureCode(error: unknown) {
  if (error instanceof HttpError && (error.status === 401 || error.status === 400)) return IpcErrorCode.LoginRefused;
  const code = codeOfRestFailure(error);
  return code === IpcErrorCode.CertificateError ? code : IpcErrorCode.ServerUnreachable;
}

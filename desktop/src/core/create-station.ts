import { createAlertActions } from './alert-actions';
import { createAlertIntake } from './alert-intake';
import { type BackoffOptions, DEFAULT_BACKOFF } from './backoff';
import { createBacklogSync } from './backlog-sync';
import { CatchUpGate } from './catch-up';
import { createClinicalActions } from './clinical-actions';
import { createDeliveryReceipts } from './delivery-receipts';
import { createHospitalDirectory } from './hospital-directory';
import { coreMessages } from './i18n';
import { consoleLogger, errorContext } from './logger';
import { formatAlertNotification } from './notification-text';
import { realScheduler } from './scheduler';
import { createServerEventHandler } from './server-events';
import { createSignIn } from './sign-in';
import { createStationAlarms, unacknowledgedCritical } from './station-alarms';
import { handshakeIdentity } from './station-identity';
import type { StationCore } from './station-core';
import { readOption, type StationOptions } from './station-options';
import { createStationPersistence } from './station-persistence';
import { createStationSessions, type Session } from './station-session';
import { applyPatientList, createStationStore, DEFAULT_LIMITS, SeqTracker, type StoreLimits } from './store';

export type { StationOptions } from './station-options';

/**
 * Composes the station core. Each piece has one job and its own file (the
 * table in README.md); this is the one place that wires them, and the
 * public face (`StationCore`) that drives them.
 */
export function createStation(options: StationOptions): StationCore {
  const scheduler = options.scheduler ?? realScheduler;
  const log = options.logger ?? consoleLogger;
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const limits: StoreLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const locale = () => readOption(options.locale ?? 'pt-BR');
  // Privacy by default, like the managed configuration: names only when the host says so.
  const privacyMode = () => readOption(options.privacyMode ?? true);
  const text = () => coreMessages(locale());

  // ---- the store of record, what survives a restart, the server, the alarms ----
  const store = createStationStore();
  const tracker = new SeqTracker();
  const persistence = createStationPersistence({
    storage: options.storage,
    store,
    tracker,
    maxAlerts: limits.maxAlerts,
    scheduler,
    logger: log,
    hostStationId: options.station?.id,
  });
  const tenantId = () => persistence.tenantId;
  /** `auth.station` of every handshake: the id is final once the saved state is read (before any connect). */
  const identity = () => handshakeIdentity(persistence.stationId, options.station);
  const signIn = createSignIn({
    serverUrl: options.serverUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    store,
    persistence,
    endSession: () => sessions.end(),
    beginSession: (user, refreshToken, accessToken) => sessions.begin(user, refreshToken, accessToken),
    text,
    logger: log,
  });
  const rest = () => signIn.rest();
  const policy = createStationAlarms({
    store,
    outputs: options.outputs,
    scheduler,
    logger: log,
    locale,
    privacyMode,
    formatAlert: options.formatAlert ?? formatAlertNotification,
    burstIntervalMs: options.burstIntervalMs,
    technicalAlarmAfterMs: options.technicalAlarmAfterMs,
    technicalRepeatMs: options.technicalRepeatMs,
    escalatedRepeatMs: options.escalatedRepeatMs,
  });

  // ---- the hospital: staff names and station config ----
  const accessToken = (session: Session) => () => session.tokens.getFreshAccessToken();
  const directory = createHospitalDirectory({
    rest,
    staff: () => store.getState().staff,
    onStaff: (staff) => store.setState({ staff }),
    onConfig: (config) => {
      store.setState({ config });
      persistence.schedule();
    },
    scheduler,
    logger: log,
  });
  const loadDirectory = (session: Session) => directory.load(accessToken(session), () => sessions.isCurrent(session));

  // ---- alerts in: the intake, the catch-up gate, server events, delivery receipts ----
  const receipts = createDeliveryReceipts({
    sessions: { current: () => sessions.current(), isCurrent: (session, epoch) => sessions.isCurrent(session, epoch) },
    holds: (alertId) => store.getState().alerts[alertId] !== undefined,
    scheduler,
    logger: log,
    tenantId,
  });
  const gate = new CatchUpGate(scheduler, options.catchUpWindowMs ?? 1_500, ({ catchUp, live }) => {
    intake.ingest(catchUp, 'catch-up');
    intake.ingest(live, 'live');
  });
  const intake = createAlertIntake({
    store,
    tracker,
    policy,
    maxAlerts: limits.maxAlerts,
    scheduler,
    logger: log,
    tenantId,
    userId: () => sessions.current()?.user.id ?? store.getState().user?.id,
    updateHeld: (update) => gate.updateHeld(update),
    escalateHeld: (escalation) => gate.escalateHeld(escalation),
    received: (alertIds) => receipts.received(alertIds),
    // Names "Lida por …" needs: a colleague created during the shift is looked up.
    noteUsers: (ids) => {
      const session = sessions.current();
      if (session && ids.length > 0) directory.noteUserIds(ids, accessToken(session), () => sessions.isCurrent(session));
    },
    changed: () => persistence.schedule(),
    afterIngest: () => backlog.scheduleGapFill(),
  });
  const onServerEvent = createServerEventHandler({ store, intake, gate, limits, scheduler, logger: log, tenantId });

  // ---- the session: token refresh and the socket ----
  const sessions = createStationSessions({
    serverUrl: () => signIn.serverUrl,
    rest,
    store,
    policy,
    lastSeq: () => tracker.lastSeq,
    identity,
    text,
    tenantId,
    scheduler,
    backoff,
    logger: log,
    ...(options.transports ? { transports: options.transports } : {}),
    loadDirectory,
    onConnect: (session, epoch, firstConnect) => {
      gate.open();
      receipts.connected();
      void backlog.catchUp(session, epoch);
      void loadPatients(session);
      // The first connect's directory load started with the session; later ones refresh it.
      if (!firstConnect) void loadDirectory(session);
      clinical.resubscribe();
    },
    onServerEvent,
    stopGapFill: () => backlog.cancelGapFill(),
    releaseHeld: () => gate.close(),
    onRotated: (refreshToken) => persistence.saveRotation(refreshToken),
    onRejected: () => persistence.forgetSession(),
    unacknowledgedCritical: () => unacknowledgedCritical(store.getState().alerts),
  });

  // ---- what a connect starts, and the screen's actions ----
  const backlog = createBacklogSync({
    store,
    tracker,
    intake,
    gate,
    sessions,
    changed: () => persistence.schedule(),
    tenantId,
    scheduler,
    logger: log,
  });
  /** Names and beds for privacy-mode notifications of alerts that carry no bed; best effort. */
  const loadPatients = async (session: Session) => {
    try {
      const list = await rest().patients(await session.tokens.getFreshAccessToken());
      if (sessions.isCurrent(session)) store.setState(applyPatientList(store.getState(), list));
    } catch (error) {
      log.warn('patient list not loaded; beds come from live events only', { tenantId: tenantId(), ...errorContext(error) });
    }
  };
  const alertActions = createAlertActions({
    sessions,
    rest,
    store,
    intake,
    text,
    tenantId,
    actionTimeoutMs: options.actionTimeoutMs ?? 5_000,
    scheduler,
    logger: log,
  });
  const clinical = createClinicalActions({
    rest,
    session: () => {
      const session = sessions.current();
      return session ? { accessToken: accessToken(session), connection: session.connection } : undefined;
    },
    store,
    text,
    logger: log,
  });

  return {
    store,
    get serverUrl() {
      return signIn.serverUrl;
    },
    login: (email, password, serverUrl) => signIn.login(email, password, serverUrl),

    async logout() {
      // On a shared PC the next nurse must not inherit this sign-in: revoke it on the server too. Best effort and
      // not awaited: signing out here never waits for, or fails on, the network.
      const refreshToken = sessions.current()?.tokens.currentRefreshToken ?? persistence.savedSession?.refreshToken;
      if (refreshToken) {
        void rest()
          .logout(refreshToken)
          .catch((error: unknown) => log.warn('sign-out: the server could not revoke the session', errorContext(error)));
      }
      sessions.halt();
      clinical.clearSubscriptions();
      gate.cancel();
      policy.reset();
      receipts.reset();
      await persistence.forgetAll();
    },

    async start() {
      await persistence.ensureLoaded();
      if (sessions.current()) return;
      const saved = persistence.savedSession;
      if (!saved) {
        log.info('no saved session: waiting for a login');
        return;
      }
      sessions.begin(saved.user, saved.refreshToken);
    },

    async stop() {
      sessions.halt();
      gate.cancel();
      policy.reset();
      store.setState({ connection: 'disconnected' });
      await persistence.flush();
    },

    ...clinical,
    ...alertActions,

    silenceAlarms() {
      const until = policy.silence();
      log.info('alarms silenced', { until: new Date(until).toISOString() });
    },

    notifyResume: () => sessions.resume((session) => backlog.probe(session)),
  };
}

/// <reference lib="dom" />
import {
  type DesktopApi,
  formatAlertNotification,
  IpcChannel,
  IpcErrorCode,
  type ManagedConfigStatus,
  type StationInfo,
  type StationSnapshot,
  type Unsubscribe,
} from '@plantao/shared';
import { createStation, type StationOptions } from '../core/create-station';
import { consoleLogger, type CoreLogger } from '../core/logger';
import type { StationCore } from '../core/station-core';
import { toSnapshot } from '../main/snapshot';
import { BridgeRefusal, createInvoker } from './bridge-invoke';
import { bridgeText } from './bridge-text';
import { browserStationIdentity } from './browser-station-identity';
import { type BrowserSettings, createBrowserSettings } from './browser-settings';
import { onFirstGesture } from './first-gesture';
import { createLocalStorageStationStorage, stationStateKey } from './local-storage-station-storage';
import { holdStationLock, type LockManagerLike } from './station-tab-lock';
import { type AudioContextLike, createWebAudioPlayer, type WebAudioPlayer } from './web-audio-player';
import { createWebNotifier, type NotificationApi, type WebNotifier } from './web-notifier';

/** What the page gives the bridge; everything but the addresses has a browser default (tests pass fakes). */
export interface WebBridgeOptions {
  /** The page's origin (`location.origin`): the only server a browser station talks to. */
  origin: string;
  /** The station's base URL (`…/station/`), where `sounds/<kind>.wav` are. */
  baseUrl: string;
  appVersion: string;
  /** Page events (first gesture, page hide/show, online, visibility) and `focus()`. */
  window?: Window;
  storage?: Storage;
  notifications?: NotificationApi | undefined;
  createAudioContext?: () => AudioContextLike;
  locks?: LockManagerLike | undefined;
  fetch?: typeof fetch;
  logger?: CoreLogger;
  /** Applies settings the core takes once (alarm pace), like the desktop's relaunch. */
  reload?: () => void;
  /** Extra `createStation` options (tests: a fake scheduler, short timeouts). */
  station?: Partial<Omit<StationOptions, 'serverUrl' | 'storage' | 'outputs'>>;
  /** The core's factory (tests: a fake core); `createStation` otherwise. */
  createStation?: (options: StationOptions) => StationCore;
}

/** A `DesktopApi` that also stops its station (tests, page teardown). */
export interface WebBridge extends DesktopApi {
  dispose(): Promise<void>;
}

/** Hidden this long, the page may have slept with the PC: probe the link when it shows again. */
const RESUME_AFTER_HIDDEN_MS = 30_000;

const BROWSER_CONFIG_STATUS: ManagedConfigStatus = { state: 'absent', path: '(browser)' };

/**
 * The browser station's host: what desktop/src/main (ipc.ts, preload) does
 * for the Electron window, done in the page. The same station core runs
 * here, with `localStorage` for what survives a reload, Web Notifications and
 * Web Audio for the alarms, and the page's origin as the server. Requests are
 * parsed with the shared IPC schemas and refused as `[code] message` Errors,
 * so the renderer cannot tell this host from the desktop one.
 */
export function createWebBridge(options: WebBridgeOptions): WebBridge {
  const win = options.window ?? window;
  const storage = options.storage ?? win.localStorage;
  const log = options.logger ?? consoleLogger;
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => win.fetch(input, init));
  const invoke = createInvoker(log);

  const settings: BrowserSettings = createBrowserSettings({ storage, origin: options.origin, logger: log });
  const text = () => bridgeText(settings.current().locale);

  const openAlertListeners = new Set<(alertId: string) => void>();
  const notifier: WebNotifier = createWebNotifier({
    api: 'notifications' in options ? options.notifications : (win as Window & { Notification?: NotificationApi }).Notification,
    icon: new URL('icons/app-256.png', options.baseUrl).href,
    focus: () => win.focus(),
    onClick: (alertId) => {
      if (alertId === undefined) return;
      for (const listener of openAlertListeners) listener(alertId);
    },
    logger: log,
  });
  const audio: WebAudioPlayer = createWebAudioPlayer({
    baseUrl: options.baseUrl,
    fetch: fetchFn,
    createContext: options.createAudioContext ?? (() => new AudioContext()),
    logger: log,
  });
  void audio.preload();

  const burstIntervalSeconds = settings.current().alarm?.burstIntervalSeconds;
  const station: StationCore = (options.createStation ?? createStation)({
    formatAlert: formatAlertNotification,
    locale: () => settings.current().locale,
    privacyMode: () => settings.current().privacyMode,
    ...(burstIntervalSeconds !== undefined ? { burstIntervalMs: burstIntervalSeconds * 1000 } : {}),
    station: browserStationIdentity({ storage, appVersion: options.appVersion, logger: log }),
    logger: log,
    fetch: fetchFn,
    ...options.station,
    serverUrl: options.origin,
    storage: createLocalStorageStationStorage({ storage, key: stationStateKey(options.origin), logger: log }),
    outputs: {
      notify: (request) => notifier.notify(request),
      playSound: (kind) =>
        void audio.play(kind).catch((error: unknown) => log.error('alarm sound not played', { kind, err: String(error) })),
    },
  });
  // The alarm pace is fixed for the core's life: a change applies through a reload (the desktop relaunches).
  settings.subscribe((next, previous) => {
    if (next.alarm?.burstIntervalSeconds === previous.alarm?.burstIntervalSeconds) return;
    log.info('alarm pace changed; reloading the station');
    setTimeout(options.reload ?? (() => win.location.reload()), 0);
  });

  // ---- this tab runs the station only while it holds the lock ---------------

  let running = false;
  const start = () => {
    running = true;
    station.start().catch((error: unknown) => log.error('station did not start', { err: String(error) }));
    push();
  };

  // ---- state pushes -----------------------------------------------------------

  const stateListeners = new Set<(state: StationSnapshot) => void>();
  /** The snapshot the renderer sees; while another tab runs the station, it says so. */
  const view = (): StationSnapshot => {
    const snapshot = toSnapshot(station.store.getState());
    return running ? snapshot : { ...snapshot, connection: 'disconnected', lastError: text().otherTab };
  };
  let scheduled = false;
  /** A burst of store updates (a reconnect replaying many alerts) becomes one push. */
  function push() {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      if (stateListeners.size === 0) return;
      const snapshot = view();
      // A copy per listener, like a message over IPC: the renderer never holds the store's own objects.
      for (const listener of stateListeners) listener(structuredClone(snapshot));
    });
  }
  const unsubscribeStore = station.store.subscribe(push);
  const unsubscribeLocale = settings.subscribe((next, previous) => (next.locale !== previous.locale ? push() : undefined));

  // ---- the page's life --------------------------------------------------------

  /** Browsers allow sound and the notification prompt only after a click or key press. */
  const unlock = () => {
    audio.unlock();
    notifier.requestPermission();
  };
  const stopGestures = onFirstGesture(win, unlock);
  const onPageHide = () => {
    // Pending read/ack changes reach the storage before the page goes.
    if (running) void station.stop();
  };
  const onPageShow = (event: PageTransitionEvent) => {
    if (running && event.persisted) void station.start();
  };
  // Back online, or back in view after a long while (maybe the PC slept): check the link now, not after the backoff.
  const onOnline = () => (running ? station.notifyResume() : undefined);
  let hiddenAt: number | undefined;
  const onVisibilityChange = () => {
    if (win.document.visibilityState !== 'visible') {
      hiddenAt ??= Date.now();
      return;
    }
    const away = hiddenAt === undefined ? 0 : Date.now() - hiddenAt;
    hiddenAt = undefined;
    if (running && away >= RESUME_AFTER_HIDDEN_MS) station.notifyResume();
  };
  win.addEventListener('pagehide', onPageHide);
  win.addEventListener('pageshow', onPageShow);
  win.addEventListener('online', onOnline);
  win.document.addEventListener('visibilitychange', onVisibilityChange);

  const releaseLock = holdStationLock('locks' in options ? options.locks : win.navigator.locks, `plantao-station:${options.origin}`, start);

  const stationInfo: StationInfo = {
    host: 'browser',
    appVersion: options.appVersion,
    serverUrlSource: 'origin',
    serverUrl: options.origin,
    supportsStartAtLogin: false,
  };

  const requireRunning = () => {
    if (!running) throw new BridgeRefusal(IpcErrorCode.Refused, text().otherTab);
  };

  return {
    getState: () => invoke(IpcChannel.GetState, undefined, () => structuredClone(view())),
    onStateChanged(listener): Unsubscribe {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    ackAlert: (alertId) => invoke(IpcChannel.AckAlert, { alertId }, (request) => station.ackAlert(request.alertId)),
    markAlertRead: (alertId) => invoke(IpcChannel.MarkAlertRead, { alertId }, (request) => station.markAlertRead(request.alertId)),
    silenceAlarms: () => invoke(IpcChannel.SilenceAlarms, undefined, () => station.silenceAlarms()),
    login: (credentials) => {
      // Still inside the nurse's click: the moment the browser lets us ask.
      unlock();
      const { email, password, serverUrl } = credentials;
      return invoke(IpcChannel.Login, { email, password, ...(serverUrl !== undefined ? { serverUrl } : {}) }, async (request) => {
        requireRunning();
        if (request.serverUrl !== undefined && new URL(request.serverUrl).origin !== options.origin) {
          throw new BridgeRefusal(IpcErrorCode.LockedSetting, text().serverFixed);
        }
        await station.login(request.email, request.password);
      });
    },
    logout: () =>
      invoke(IpcChannel.Logout, undefined, async () => {
        notifier.closeAll();
        await station.logout();
      }),
    getSettings: () => invoke(IpcChannel.GetSettings, undefined, () => settings.current()),
    setSettings: (patch) => invoke(IpcChannel.SetSettings, patch, (request) => settings.update(request)),
    getManagedConfigStatus: () => invoke(IpcChannel.GetManagedConfigStatus, undefined, () => ({ ...BROWSER_CONFIG_STATUS })),
    getStationInfo: () => invoke(IpcChannel.GetStationInfo, undefined, () => ({ ...stationInfo })),
    onOpenAlert(listener): Unsubscribe {
      openAlertListeners.add(listener);
      return () => {
        openAlertListeners.delete(listener);
      };
    },
    listPatients: () => invoke(IpcChannel.ListPatients, undefined, () => station.listPatients()),
    listConversations: () => invoke(IpcChannel.ListConversations, undefined, () => station.listConversations()),
    getConversationMessages: (conversationId) =>
      invoke(IpcChannel.GetConversationMessages, { conversationId }, (request) => station.getConversationMessages(request.conversationId)),
    assumeConversation: (conversationId) =>
      invoke(IpcChannel.AssumeConversation, { conversationId }, (request) => station.assumeConversation(request.conversationId)),
    resolveConversation: (conversationId) =>
      invoke(IpcChannel.ResolveConversation, { conversationId }, (request) => station.resolveConversation(request.conversationId)),
    replyToConversation: (conversationId, content) =>
      invoke(IpcChannel.ReplyToConversation, { conversationId, content }, (request) =>
        station.replyToConversation(request.conversationId, request.content),
      ),
    subscribePatient: (patientId) =>
      invoke(IpcChannel.SubscribePatient, { patientId }, (request) => station.subscribePatient(request.patientId)),
    unsubscribePatient: (patientId) =>
      invoke(IpcChannel.UnsubscribePatient, { patientId }, (request) => station.unsubscribePatient(request.patientId)),
    getAlertAudit: (alertId) => invoke(IpcChannel.GetAlertAudit, { alertId }, (request) => station.getAlertAudit(request.alertId)),
    testSound: (kind) => {
      // A click on "test": the page may start audio now.
      audio.unlock();
      return invoke(IpcChannel.TestSound, { kind }, (request) => audio.play(request.kind));
    },
    async dispose() {
      stopGestures();
      unsubscribeStore();
      unsubscribeLocale();
      win.removeEventListener('pagehide', onPageHide);
      win.removeEventListener('pageshow', onPageShow);
      win.removeEventListener('online', onOnline);
      win.document.removeEventListener('visibilitychange', onVisibilityChange);
      stateListeners.clear();
      openAlertListeners.clear();
      notifier.closeAll();
      const wasRunning = running;
      running = false;
      if (wasRunning) await station.stop();
      releaseLock();
    },
  };
}

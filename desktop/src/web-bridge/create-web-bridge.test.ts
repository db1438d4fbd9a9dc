import { type AlertPayload, IpcErrorCode, ipcErrorCodeOf, type StationSnapshot } from '@plantao/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StationOptions } from '../core/create-station';
import type { StationCore } from '../core/station-core';
import { StationError } from '../core/station-error';
import { initialStationState } from '../core/store';
import { fakeStation } from '../../test/support/main-fakes';
import { createWebBridge, type WebBridge, type WebBridgeOptions } from './create-web-bridge';
import { STATION_ID_KEY } from './browser-station-identity';
import { stationStateKey } from './local-storage-station-storage';
import type { LockManagerLike } from './station-tab-lock';
import { fakeAudioContext, fakeNotifications, MemoryStorage, recordingLogger, soundFetch } from './test-support/fakes';

const ORIGIN = 'http://127.0.0.1:3000';
const BASE = `${ORIGIN}/station/`;

/** The parts of `window` the bridge uses. */
function fakePage() {
  const page = Object.assign(new EventTarget(), {
    document: Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState }),
    focus: vi.fn(),
    location: { reload: vi.fn() },
    navigator: {},
    localStorage: new MemoryStorage(),
  });
  return page;
}

/** A station core that records what the bridge asks of it (every method a spy, over a real store). */
function fakeCore() {
  const core = fakeStation(initialStationState());
  let options: StationOptions | undefined;
  return {
    core,
    factory: (given: StationOptions): StationCore => {
      options = given;
      return core;
    },
    get options(): StationOptions {
      if (!options) throw new Error('station not created');
      return options;
    },
  };
}

/** `navigator.locks` whose one lock another tab holds until `release()`. */
function heldElsewhere() {
  let release: () => void = () => undefined;
  let holder: Promise<void> = new Promise((resolve) => (release = resolve));
  const locks: LockManagerLike = {
    request: ((_name: string, callback: () => unknown) => {
      const run = holder.then(() => callback());
      holder = run.then(() => undefined);
      return run;
    }) as LockManagerLike['request'],
  };
  return { locks, release: () => release() };
}

const bridges: WebBridge[] = [];
afterEach(async () => {
  await Promise.all(bridges.splice(0).map((bridge) => bridge.dispose()));
});

function setup(overrides: Partial<WebBridgeOptions> = {}) {
  const page = fakePage();
  const fake = fakeCore();
  const notifications = fakeNotifications('default');
  const audio = fakeAudioContext();
  const sounds = soundFetch();
  const log = recordingLogger();
  const bridge = createWebBridge({
    origin: ORIGIN,
    baseUrl: BASE,
    appVersion: '9.9.9',
    window: page as unknown as Window,
    notifications: notifications.api,
    createAudioContext: () => audio.context,
    locks: undefined,
    fetch: sounds.fetch,
    logger: log.logger,
    createStation: fake.factory,
    ...overrides,
  });
  bridges.push(bridge);
  return { bridge, page, fake, core: fake.core, notifications, audio, sounds, log };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const alert = (id: string, seq: number): StationSnapshot['alerts'][string] =>
  ({
    id,
    seq,
    tenantId: 't1',
    patientId: 'p1',
    patientName: 'Maria Aparecida Souza',
    type: 'critical_symptom',
    severity: 'critical',
    message: 'dor no peito',
    timestamp: new Date(0).toISOString(),
    readBy: [],
    readByMe: false,
    receivedAt: 0,
    occurrences: 1,
  }) as AlertPayload & { readByMe: boolean; receivedAt: number; occurrences: number };

describe('web bridge: the station core behind DesktopApi in a page', () => {
  it('runs the core against the page origin, with localStorage and the shared notification text', async () => {
    const { fake, page } = setup();
    expect(fake.options.serverUrl).toBe(ORIGIN);
    expect(fake.core.start).toHaveBeenCalledTimes(1);
    await fake.options.storage.save({ version: 1, lastSeq: 3, alerts: [] });
    expect(JSON.parse(page.localStorage.getItem(stationStateKey(ORIGIN)) ?? '')).toMatchObject({ lastSeq: 3 });
    expect(fake.options.formatAlert).toBeTypeOf('function');
    expect(typeof fake.options.privacyMode === 'function' && fake.options.privacyMode()).toBe(true);
  });

  it('names the station "Navegador" with an id kept in localStorage: the same after a reload (issue #9)', async () => {
    const { fake, page } = setup();
    const identity = fake.options.station;
    expect(identity).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'Navegador', appVersion: '9.9.9' });
    expect(identity).not.toHaveProperty('host');
    expect(page.localStorage.getItem(STATION_ID_KEY)).toBe(identity?.id);
    // A reload (a new bridge over the same storage) is the same station.
    const reloaded = fakeCore();
    bridges.push(
      createWebBridge({
        origin: ORIGIN,
        baseUrl: BASE,
        appVersion: '9.9.9',
        window: page as unknown as Window,
        notifications: undefined,
        createAudioContext: () => fakeAudioContext().context,
        locks: undefined,
        fetch: soundFetch().fetch,
        logger: recordingLogger().logger,
        createStation: reloaded.factory,
      }),
    );
    expect(reloaded.options.station?.id).toBe(identity?.id);
  });

  it('answers getState with a copy: the renderer cannot change the store of record', async () => {
    const { bridge, core } = setup();
    core.store.setState({ alerts: { a1: alert('a1', 1) } });
    const state = await bridge.getState();
    expect(state.alerts.a1?.id).toBe('a1');
    state.alerts.a1!.readByMe = true;
    delete state.alerts.a1;
    expect(core.store.getState().alerts.a1?.readByMe).toBe(false);
  });

  it('pushes one snapshot per burst of store changes, a copy to each listener', async () => {
    const { bridge, core } = setup();
    await flush();
    const first: StationSnapshot[] = [];
    const second: StationSnapshot[] = [];
    bridge.onStateChanged((state) => first.push(state));
    const stop = bridge.onStateChanged((state) => second.push(state));
    for (let seq = 1; seq <= 50; seq++)
      core.store.setState({ lastSeq: seq, alerts: { ...core.store.getState().alerts, [`a${seq}`]: alert(`a${seq}`, seq) } });
    await flush();
    expect(first).toHaveLength(1);
    expect(first[0]?.lastSeq).toBe(50);
    expect(Object.keys(first[0]?.alerts ?? {})).toHaveLength(50);
    expect(first[0]).not.toBe(second[0]);
    expect(first[0]?.alerts.a1).not.toBe(core.store.getState().alerts.a1);
    stop();
    core.store.setState({ lastSeq: 51 });
    await flush();
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(1);
  });

  it('parses every request with the shared schemas before the core sees it', async () => {
    const { bridge, core } = setup();
    await expect(bridge.ackAlert('')).rejects.toThrow(/^\[invalid_payload\]/);
    await expect(bridge.replyToConversation('c1', '')).rejects.toThrow(/^\[invalid_payload\]/);
    await expect(bridge.login({ email: 'not-an-email', password: 'x' })).rejects.toThrow(/^\[invalid_payload\]/);
    await expect(bridge.setSettings({ locale: 'fr' } as never)).rejects.toThrow(/^\[invalid_payload\]/);
    await expect(bridge.testSound('alarm-loud' as never)).rejects.toThrow(/^\[invalid_payload\]/);
    expect(core.ackAlert).not.toHaveBeenCalled();
    expect(core.replyToConversation).not.toHaveBeenCalled();
    expect(core.login).not.toHaveBeenCalled();

    await bridge.ackAlert('a1');
    await bridge.markAlertRead('a1');
    await bridge.subscribePatient('p1');
    await bridge.getConversationMessages('c1');
    expect(core.ackAlert).toHaveBeenCalledWith('a1');
    expect(core.markAlertRead).toHaveBeenCalledWith('a1');
    expect(core.subscribePatient).toHaveBeenCalledWith('p1');
    expect(core.getConversationMessages).toHaveBeenCalledWith('c1');
  });

  it('rejects with the code the core gives ([code] message), `failed` for anything else', async () => {
    const { bridge, core } = setup();
    vi.mocked(core.login).mockRejectedValueOnce(new StationError(IpcErrorCode.LoginRefused, 'E-mail ou senha incorretos.'));
    await expect(bridge.login({ email: 'ana@hospital.example', password: 'x' })).rejects.toThrow(
      '[login_refused] E-mail ou senha incorretos.',
    );
    vi.mocked(core.ackAlert).mockRejectedValueOnce(new StationError(IpcErrorCode.NotLoggedIn, 'Entre novamente.'));
    await expect(bridge.ackAlert('a1')).rejects.toThrow('[not_logged_in] Entre novamente.');
    vi.mocked(core.assumeConversation).mockRejectedValueOnce(new Error('socket hung up'));
    const failed = await bridge.assumeConversation('c1').catch((error: unknown) => error);
    expect(ipcErrorCodeOf(failed)).toBe(IpcErrorCode.Failed);
  });

  it('signs in to the page origin only, and asks for notification permission inside the click', async () => {
    const { bridge, core, notifications, audio } = setup();
    await bridge.login({ email: 'ana@hospital.example', password: 'pw', serverUrl: `${ORIGIN}/` });
    expect(core.login).toHaveBeenCalledWith('ana@hospital.example', 'pw');
    expect(notifications.api.requestPermission).toHaveBeenCalledTimes(1);
    expect(audio.context.resume).not.toHaveBeenCalled(); // already running
    await expect(bridge.login({ email: 'ana@hospital.example', password: 'pw', serverUrl: 'https://elsewhere.example' })).rejects.toThrow(
      /^\[locked_setting\]/,
    );
    expect(core.login).toHaveBeenCalledTimes(1);
  });

  it('describes itself as the browser host, with no managed config file', async () => {
    const { bridge } = setup();
    expect(await bridge.getStationInfo()).toEqual({
      host: 'browser',
      appVersion: '9.9.9',
      serverUrlSource: 'origin',
      serverUrl: ORIGIN,
      supportsStartAtLogin: false,
    });
    expect(await bridge.getManagedConfigStatus()).toEqual({ state: 'absent', path: '(browser)' });
    expect(await bridge.getSettings()).toMatchObject({ serverUrl: ORIGIN, privacyMode: true, locale: 'pt-BR', startAtLogin: false });
  });

  it('saves settings, refuses the fixed ones, and reloads to apply a new alarm pace', async () => {
    const { bridge, page, fake } = setup();
    expect(await bridge.setSettings({ locale: 'en', privacyMode: false })).toMatchObject({ locale: 'en', privacyMode: false });
    expect(typeof fake.options.locale === 'function' && fake.options.locale()).toBe('en');
    await expect(bridge.setSettings({ startAtLogin: true })).rejects.toThrow(/^\[locked_setting\]/);
    await expect(bridge.setSettings({ serverUrl: 'https://elsewhere.example' })).rejects.toThrow(/^\[locked_setting\]/);
    expect(page.location.reload).not.toHaveBeenCalled();
    await bridge.setSettings({ alarm: { burstIntervalSeconds: 60 } });
    await flush();
    expect(page.location.reload).toHaveBeenCalledTimes(1);
  });

  it('shows the core’s notifications; a click brings the page forward and opens the alert', async () => {
    const { bridge, fake, notifications, page } = setup();
    (notifications.api as { permission: NotificationPermission }).permission = 'granted';
    const opened: string[] = [];
    bridge.onOpenAlert((id) => opened.push(id));
    fake.options.outputs.notify({
      id: 'a1',
      alertId: 'a1',
      title: 'Alerta crítico — Leito 12A',
      body: 'Paciente M.A.S.',
      urgency: 'critical',
    });
    expect(notifications.shown[0]?.options).toMatchObject({ tag: 'a1', requireInteraction: true, icon: `${BASE}icons/app-256.png` });
    notifications.shown[0]?.onclick?.();
    expect(page.focus).toHaveBeenCalled();
    expect(opened).toEqual(['a1']);
    fake.options.outputs.notify({ id: 'a2', alertId: 'a2', title: 't', body: 'b', urgency: 'critical' });
    await bridge.logout();
    expect(notifications.open()).toEqual([]);
  });

  it('plays the core’s alarms and the settings test sound through Web Audio', async () => {
    const { bridge, fake, audio, sounds } = setup();
    fake.options.outputs.playSound('alarm-high');
    await bridge.testSound('alarm-technical');
    await flush();
    expect(audio.started.sort()).toEqual(['alarm-high.wav', 'alarm-technical.wav']);
    expect(sounds.requested).toContain(`${BASE}sounds/alarm-medium.wav`);
  });

  it('says so when the browser blocks the test sound', async () => {
    const blocked = fakeAudioContext('suspended', { resumes: false });
    const { bridge } = setup({ createAudioContext: () => blocked.context });
    await expect(bridge.testSound('alarm-high')).rejects.toThrow(/^\[failed\] audio is blocked/);
  });

  it('resumes audio and asks for notifications at the first gesture', () => {
    const suspended = fakeAudioContext('suspended');
    const { page, notifications } = setup({ createAudioContext: () => suspended.context });
    page.dispatchEvent(new Event('pointerdown'));
    expect(suspended.context.resume).toHaveBeenCalledTimes(1);
    expect(notifications.api.requestPermission).toHaveBeenCalledTimes(1);
  });

  it('leaves the station to the tab that has it, and takes over when that tab closes', async () => {
    const other = heldElsewhere();
    const { bridge, core } = setup({ locks: other.locks });
    await flush();
    expect(core.start).not.toHaveBeenCalled();
    const states: StationSnapshot[] = [];
    bridge.onStateChanged((state) => states.push(state));
    expect((await bridge.getState()).lastError).toMatch(/outra aba/);
    await expect(bridge.login({ email: 'ana@hospital.example', password: 'pw' })).rejects.toThrow(/^\[refused\] .*outra aba/);
    expect(core.login).not.toHaveBeenCalled();

    other.release();
    await flush();
    expect(core.start).toHaveBeenCalledTimes(1);
    expect(states.at(-1)?.lastError).toBeUndefined();
    await bridge.login({ email: 'ana@hospital.example', password: 'pw' });
    expect(core.login).toHaveBeenCalledTimes(1);
  });

  it('saves pending changes when the page goes, and reconnects at once when the network returns', async () => {
    const { page, core } = setup();
    page.dispatchEvent(new Event('online'));
    expect(core.notifyResume).toHaveBeenCalledTimes(1);
    // A quick look at another tab is not a resume; a long time away may be.
    const now = vi.spyOn(Date, 'now');
    const show = (state: DocumentVisibilityState, at: number) => {
      now.mockReturnValue(at);
      page.document.visibilityState = state;
      page.document.dispatchEvent(new Event('visibilitychange'));
    };
    show('hidden', 1_000);
    show('visible', 5_000);
    expect(core.notifyResume).toHaveBeenCalledTimes(1);
    show('hidden', 10_000);
    show('visible', 70_000);
    expect(core.notifyResume).toHaveBeenCalledTimes(2);
    now.mockRestore();
    page.dispatchEvent(new Event('pagehide'));
    expect(core.stop).toHaveBeenCalledTimes(1);
  });
});

describe('web bridge over the real station core', () => {
  const loginAnswer = (status: number) =>
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.endsWith('.wav')) return new Response(new Uint8Array([1]), { status: 200 });
      if (status === 0) throw new TypeError('Failed to fetch');
      return new Response(JSON.stringify({ statusCode: status, error: 'Unauthorized', message: 'Invalid credentials' }), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    }) as unknown as typeof fetch;

  it.each([
    [401, IpcErrorCode.LoginRefused],
    [0, IpcErrorCode.ServerUnreachable],
  ])('a login answered %s rejects with [%s] and saves no session', async (status, code) => {
    const page = fakePage();
    const bridge = createWebBridge({
      origin: ORIGIN,
      baseUrl: BASE,
      appVersion: '9.9.9',
      window: page as unknown as Window,
      notifications: undefined,
      createAudioContext: () => fakeAudioContext().context,
      locks: undefined,
      fetch: loginAnswer(status),
      logger: recordingLogger().logger,
    });
    bridges.push(bridge);
    const error = await bridge.login({ email: 'ana@hospital.example', password: 'wrong' }).catch((caught: unknown) => caught);
    expect(ipcErrorCodeOf(error)).toBe(code);
    const state = await bridge.getState();
    expect(state.user).toBeUndefined();
    expect(state.lastError).toBeTruthy();
    const saved = page.localStorage.getItem(stationStateKey(ORIGIN));
    expect(saved === null || JSON.parse(saved).session === undefined).toBe(true);
  });
});

import type {
  ConversationMessage,
  ConversationView,
  DesktopApi,
  EffectiveSettings,
  LoginCredentials,
  ManagedConfigStatus,
  SettingsPatch,
  SoundKind,
  StationInfo,
  StationSnapshot,
} from '@plantao/shared';
import { vi } from 'vitest';
import { makeSnapshot } from './fixtures';

/**
 * An in-memory DesktopApi: the test pushes station state (`push`) the way the
 * main process does, and reads what the screen asked for (`calls`). Every
 * method is a vitest spy, so a test can also make one reject.
 */
export interface FakeDesktopApi extends DesktopApi {
  snapshot: StationSnapshot;
  settings: EffectiveSettings;
  stationInfo: StationInfo;
  conversations: ConversationView[];
  messages: Record<string, ConversationMessage[]>;
  /** Replaces the state and notifies listeners, like an IPC `state-changed` push. */
  push(next: StationSnapshot | ((current: StationSnapshot) => StationSnapshot)): void;
  /** Simulates a notification click. */
  openAlert(alertId: string): void;
  readonly stateListenerCount: number;
}

export function createFakeDesktopApi(initial: Partial<StationSnapshot> = {}): FakeDesktopApi {
  const stateListeners = new Set<(state: StationSnapshot) => void>();
  const openAlertListeners = new Set<(alertId: string) => void>();
  const managedConfig: ManagedConfigStatus = { state: 'absent', path: '/etc/plantao/managed.json' };
  let replyCount = 0;
  // Deep copies: what crosses IPC is always a fresh object.
  const copy = <T>(value: T): T => structuredClone(value);

  const fake: FakeDesktopApi = {
    snapshot: makeSnapshot(initial),
    settings: { privacyMode: false, startAtLogin: true, locale: 'pt-BR', theme: 'light', updates: { enabled: false }, locked: [] },
    stationInfo: {
      host: 'desktop',
      appVersion: '0.1.0',
      serverUrlSource: 'settings',
      serverUrl: 'https://plantao.hospital.br',
      supportsStartAtLogin: true,
    },
    conversations: [],
    messages: {},
    get stateListenerCount() {
      return stateListeners.size;
    },
    push(next) {
      fake.snapshot = typeof next === 'function' ? next(fake.snapshot) : next;
      for (const listener of stateListeners) listener(copy(fake.snapshot));
    },
    openAlert(alertId) {
      for (const listener of openAlertListeners) listener(alertId);
    },
    getState: vi.fn(async () => copy(fake.snapshot)),
    onStateChanged: vi.fn((listener: (state: StationSnapshot) => void) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    }),
    onOpenAlert: vi.fn((listener: (alertId: string) => void) => {
      openAlertListeners.add(listener);
      return () => openAlertListeners.delete(listener);
    }),
    ackAlert: vi.fn(async (_alertId: string) => undefined),
    markAlertRead: vi.fn(async (_alertId: string) => undefined),
    silenceAlarms: vi.fn(async () => undefined),
    login: vi.fn(async (_credentials: LoginCredentials) => undefined),
    logout: vi.fn(async () => undefined),
    getSettings: vi.fn(async () => copy(fake.settings)),
    setSettings: vi.fn(async (patch: SettingsPatch) => {
      fake.settings = { ...fake.settings, ...patch };
      return copy(fake.settings);
    }),
    getManagedConfigStatus: vi.fn(async () => copy(managedConfig)),
    getStationInfo: vi.fn(async () => copy(fake.stationInfo)),
    listPatients: vi.fn(async () => copy(Object.values(fake.snapshot.patients))),
    listConversations: vi.fn(async () => copy(fake.conversations)),
    getConversationMessages: vi.fn(async (conversationId: string) => copy(fake.messages[conversationId] ?? [])),
    assumeConversation: vi.fn(async (_conversationId: string) => undefined),
    resolveConversation: vi.fn(async (_conversationId: string) => undefined),
    replyToConversation: vi.fn(async (_conversationId: string, content: string): Promise<ConversationMessage> => {
      replyCount += 1;
      return { id: `reply-${replyCount}`, content, sender: 'nurse', timestamp: new Date().toISOString(), deliveryStatus: 'pending' };
    }),
    subscribePatient: vi.fn(async (_patientId: string) => undefined),
    unsubscribePatient: vi.fn(async (_patientId: string) => undefined),
    getAlertAudit: vi.fn(async (_alertId: string) => []),
    testSound: vi.fn(async (_kind: SoundKind) => undefined),
  };
  return fake;
}

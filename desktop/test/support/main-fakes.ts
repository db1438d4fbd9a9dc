import { createStore } from 'zustand/vanilla';
import { vi } from 'vitest';
import type { StationCore, StationState } from '../../src/core/station-core';
import { createLogger, type Logger } from '../../src/main/logger';

/** The real logger, writing into an array instead of stderr. */
export function memoryLogger(): Logger & { lines: Array<{ level: string; msg: string; [key: string]: unknown }> } {
  const lines: Array<{ level: string; msg: string }> = [];
  const log = createLogger({ level: 'debug', stderr: { write: (line) => lines.push(JSON.parse(line)) } });
  return Object.assign(log, { lines });
}

export function emptyState(overrides: Partial<StationState> = {}): StationState {
  return {
    connection: 'connected',
    lastSeq: 0,
    alerts: {},
    conversations: {},
    priorities: {},
    patients: {},
    staff: {},
    config: { alarmWindowHours: 12, timeZone: 'America/Sao_Paulo' },
    ...overrides,
  };
}

export function alert(id: string, fields: Partial<StationState['alerts'][string]> = {}): StationState['alerts'][string] {
  return {
    id,
    seq: 1,
    tenantId: 't1',
    patientId: 'p1',
    patientName: 'Maria da Silva',
    type: 'critical_symptom',
    severity: 'critical',
    message: 'dor no peito',
    timestamp: '2025-01-01T10:00:00.000Z',
    readBy: [],
    readByMe: false,
    receivedAt: 1,
    ...fields,
  };
}

/** A station whose every method is a spy, over a real zustand store. */
export function fakeStation(state: StationState = emptyState()): StationCore & { [K in keyof StationCore]: StationCore[K] } {
  return {
    store: createStore<StationState>()(() => state),
    serverUrl: 'https://plantao.hospital.example',
    login: vi.fn(async () => undefined),
    logout: vi.fn(async () => undefined),
    start: vi.fn(async () => undefined),
    stop: vi.fn(async () => undefined),
    ackAlert: vi.fn(async () => undefined),
    markAlertRead: vi.fn(async () => undefined),
    silenceAlarms: vi.fn(),
    notifyResume: vi.fn(),
    listPatients: vi.fn(async () => []),
    listConversations: vi.fn(async () => []),
    getConversationMessages: vi.fn(async () => []),
    assumeConversation: vi.fn(async () => undefined),
    resolveConversation: vi.fn(async () => undefined),
    replyToConversation: vi.fn(async () => ({
      id: 'm1',
      content: 'ok',
      sender: 'nurse' as const,
      timestamp: '2025-01-01T10:00:00.000Z',
      deliveryStatus: 'pending' as const,
    })),
    subscribePatient: vi.fn(async () => undefined),
    unsubscribePatient: vi.fn(async () => undefined),
    getAlertAudit: vi.fn(async () => []),
  };
}

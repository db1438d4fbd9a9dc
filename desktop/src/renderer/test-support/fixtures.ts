import type { ConversationMessage, ConversationView, StationAlertView, StationPatient, StationSnapshot } from '@plantao/shared';

/** Builders for test data: valid by the shared schemas, overridable field by field. */

export const NOW = Date.parse('2025-03-10T17:00:00Z'); // 14:00 in São Paulo

export const minutesAgo = (minutes: number): string => new Date(NOW - minutes * 60_000).toISOString();

export function makeAlert(overrides: Partial<StationAlertView> & { id: string }): StationAlertView {
  return {
    seq: 1,
    tenantId: 'hosp-1',
    patientId: 'p-1',
    patientName: 'Maria da Silva',
    type: 'critical_symptom',
    severity: 'critical',
    message: 'Febre 39,4 e calafrios',
    timestamp: minutesAgo(2),
    readBy: [],
    readByMe: false,
    receivedAt: NOW - 120_000,
    occurrences: 1,
    ...overrides,
  };
}

export function makePatient(overrides: Partial<StationPatient> & { id: string }): StationPatient {
  return { name: 'Maria da Silva', status: 'hospitalized', ...overrides };
}

export const NURSE = { id: 'u-ana', name: 'Ana Souza', tenantId: 'hosp-1', role: 'nurse' };

export function makeSnapshot(overrides: Partial<StationSnapshot> = {}): StationSnapshot {
  return {
    connection: 'connected',
    lastConnectedAt: NOW - 3_600_000,
    user: NURSE,
    lastSeq: 0,
    alerts: {},
    conversations: {},
    priorities: {},
    patients: {},
    staff: { 'u-ana': 'Ana Souza', 'u-bruno': 'Bruno Lima' },
    config: { alarmWindowHours: 12, timeZone: 'America/Sao_Paulo' },
    ...overrides,
  };
}

/** A record keyed by id, as the snapshot holds them. */
export const byId = <T extends { id: string }>(...items: T[]): Record<string, T> =>
  Object.fromEntries(items.map((item) => [item.id, item]));

export function makeConversation(overrides: Partial<ConversationView> & { id: string; patientId: string }): ConversationView {
  return { unidentified: false, status: 'open', ...overrides };
}

export function makeMessage(overrides: Partial<ConversationMessage> & { id: string }): ConversationMessage {
  return { content: 'Estou com febre', sender: 'patient', timestamp: minutesAgo(5), ...overrides };
}

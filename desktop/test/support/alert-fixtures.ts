import type { AlertPayload } from '@plantao/shared';
import type { StationAlert } from '../../src/core/station-core';

/** Alerts in tests are raised moments ago: older ones fall outside the hospital's alarm window and only get listed for review. */
const RECENT = Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000;

export function payload(seq: number, fields: Partial<AlertPayload> = {}): AlertPayload {
  return {
    id: `alert-${seq}`,
    seq,
    tenantId: 't1',
    patientId: 'p1',
    patientName: 'Maria Aparecida Souza',
    type: 'critical_symptom',
    severity: 'critical',
    message: 'Febre de 39 °C',
    timestamp: new Date(RECENT + seq * 1_000).toISOString(),
    readBy: [],
    ...fields,
  };
}

export function stationAlert(seq: number, fields: Partial<StationAlert> = {}): StationAlert {
  return { ...payload(seq), readByMe: false, receivedAt: 0, ...fields };
}

export const byId = (alerts: StationAlert[]): Record<string, StationAlert> => Object.fromEntries(alerts.map((a) => [a.id, a]));

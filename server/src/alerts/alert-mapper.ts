import type { AlertPayload, AlertType, Severity } from '@plantao/shared';
import type { AlertsTable } from '../db/schema';

/** Row + readers → wire shape. `metadata` is stored as JSON text in both databases. */
export function toAlertPayload(row: AlertsTable, readBy: string[]): AlertPayload {
  return {
    id: row.id,
    seq: Number(row.seq),
    tenantId: row.tenant_id,
    patientId: row.patient_id,
    patientName: row.patient_name,
    type: row.type as AlertType,
    severity: row.severity as Severity,
    message: row.message,
    ...(row.metadata ? { metadata: JSON.parse(row.metadata) as Record<string, unknown> } : {}),
    ...(row.external_id ? { externalId: row.external_id } : {}),
    timestamp: row.created_at,
    readBy,
    ...(row.acknowledged_by ? { acknowledgedBy: row.acknowledged_by } : {}),
    ...(row.acknowledged_at ? { acknowledgedAt: row.acknowledged_at } : {}),
  };
}

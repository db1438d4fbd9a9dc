import type { AlertPayload, AlertType, EscalationLevel, Severity } from '@plantao/shared';
import type { AlertsTable } from '../db/schema';

/** Row + readers (first read first) → wire shape. `metadata` is stored as JSON text in both databases. */
export function toAlertPayload(row: AlertsTable, reads: readonly { user_id: string; read_at: string }[]): AlertPayload {
  const readBy = reads.map((read) => read.user_id);
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
    ...(reads.length > 0 ? { readAt: Object.fromEntries(reads.map((read) => [read.user_id, read.read_at])) } : {}),
    ...(row.acknowledged_by ? { acknowledgedBy: row.acknowledged_by } : {}),
    ...(row.acknowledged_at ? { acknowledgedAt: row.acknowledged_at } : {}),
    ...(Number(row.delivered_count) > 0 ? { deliveredTo: Number(row.delivered_count) } : {}),
    ...(Number(row.escalation_level) > 0 ? { escalationLevel: Number(row.escalation_level) as EscalationLevel } : {}),
    ...(row.escalated_at ? { escalatedAt: row.escalated_at } : {}),
  };
}

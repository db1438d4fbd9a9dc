import type { AlertPayload, AlertUpdatedPayload } from './alert';
import type { AlertActionAck, RefreshAck, SubscribeAck, SyncAck, UnsubscribeAck } from './client';
import type { ConversationUpdatePayload } from './conversation';
import type { AlertEscalatedPayload } from './escalation';
import type { PresenceUpdatePayload } from './presence';
import type { NewPatientPayload, PatientStatusChangePayload } from './patient';
import type { PriorityUpdatePayload } from './priority';

/**
 * Typed event maps for `Server<…>` / `Socket<…>` on both sides. Client
 * payloads are typed `unknown` on the wire: the server validates them with the
 * schemas in `client.ts` before use.
 */
export interface ServerToClientEvents {
  critical_alert: (alert: AlertPayload) => void;
  conversation_update: (update: ConversationUpdatePayload) => void;
  priority_update: (update: PriorityUpdatePayload) => void;
  patient_status_change: (change: PatientStatusChangePayload) => void;
  new_patient: (patient: NewPatientPayload) => void;
  alert_updated: (update: AlertUpdatedPayload) => void;
  alert_escalated: (escalation: AlertEscalatedPayload) => void;
  presence_update: (presence: PresenceUpdatePayload) => void;
}

export interface ClientToServerEvents {
  subscribe_patient: (payload: { patientId: string }, ack: (answer: SubscribeAck) => void) => void;
  unsubscribe_patient: (payload: { patientId: string }, ack: (answer: UnsubscribeAck) => void) => void;
  mark_alert_read: (payload: { alertId: string }, ack: (answer: AlertActionAck) => void) => void;
  ack_alert: (payload: { alertId: string }, ack: (answer: AlertActionAck) => void) => void;
  sync: (payload: { afterSeq: number }, ack: (answer: SyncAck) => void) => void;
  refresh_token: (payload: { token: string }, ack: (answer: RefreshAck) => void) => void;
  alert_delivered: (payload: { alertIds: string[] }, ack: (answer: AlertActionAck) => void) => void;
}

/** What the server keeps on each socket after the handshake (from the verified token). */
export interface SocketData {
  userId: string;
  tenantId: string;
  role: string;
  name?: string;
  /** Access-token expiry, seconds since epoch. */
  exp: number;
}

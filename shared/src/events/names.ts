/**
 * Socket.io event names of the `/alerts` namespace, defined once for server
 * and clients (contract v1, "Socket.io").
 */
export const ALERTS_NAMESPACE = '/alerts';

export const ServerEvent = {
  CriticalAlert: 'critical_alert',
  ConversationUpdate: 'conversation_update',
  PriorityUpdate: 'priority_update',
  PatientStatusChange: 'patient_status_change',
  NewPatient: 'new_patient',
  AlertUpdated: 'alert_updated',
  AlertEscalated: 'alert_escalated',
  PresenceUpdate: 'presence_update',
} as const;
export type ServerEventName = (typeof ServerEvent)[keyof typeof ServerEvent];

export const ClientEvent = {
  SubscribePatient: 'subscribe_patient',
  UnsubscribePatient: 'unsubscribe_patient',
  MarkAlertRead: 'mark_alert_read',
  AckAlert: 'ack_alert',
  Sync: 'sync',
  RefreshToken: 'refresh_token',
  AlertDelivered: 'alert_delivered',
} as const;
export type ClientEventName = (typeof ClientEvent)[keyof typeof ClientEvent];

/** `connect_error` messages sent when the handshake is refused. */
export const HandshakeError = {
  Unauthorized: 'unauthorized',
  TokenExpired: 'token_expired',
} as const;
export type HandshakeErrorMessage = (typeof HandshakeError)[keyof typeof HandshakeError];

/** Room names: tenant from the verified token, patient rooms scoped by tenant too. */
export const tenantRoom = (tenantId: string): string => `tenant:${tenantId}`;
export const patientRoom = (tenantId: string, patientId: string): string => `patient:${patientId}:tenant:${tenantId}`;

import type { ColumnType } from 'kysely';

/**
 * Table shapes as Kysely sees them. Timestamps are ISO-8601 UTC strings in
 * both databases so ordering and comparisons behave the same on SQLite and
 * PostgreSQL.
 */
export interface TenantsTable {
  id: string;
  name: string;
  /** Last `seq` handed out: incremented in the same transaction as the alert insert. */
  alert_seq: number;
  whatsapp_phone_number_id: string | null;
  created_at: string;
}

export interface UsersTable {
  id: string;
  tenant_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  created_at: string;
  /** When an admin disabled the account (ISO); null while active. Optional on insert: new accounts start active. */
  disabled_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RefreshTokensTable {
  id: string;
  family_id: string;
  user_id: string;
  tenant_id: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface PatientsTable {
  tenant_id: string;
  id: string;
  name: string;
  bed: string | null;
  status: string;
  phone: string | null;
  priority: number;
  created_at: string;
  updated_at: string;
}

export interface AlertsTable {
  id: string;
  tenant_id: string;
  seq: number;
  patient_id: string;
  patient_name: string;
  type: string;
  severity: string;
  message: string;
  metadata: string | null;
  external_id: string | null;
  created_at: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  /** Stations that confirmed receipt (issue #9); kept with the `delivered` audit rows in one transaction. */
  delivered_count: number;
  /** 0 none, 1 stations told (ack timeout), 2 external channels called. */
  escalation_level: number;
  escalated_at: string | null;
  escalation_reason: string | null;
}

export interface AlertReadsTable {
  tenant_id: string;
  alert_id: string;
  user_id: string;
  read_at: string;
}

export interface AlertAuditTable {
  id: string;
  tenant_id: string;
  alert_id: string;
  user_id: string;
  action: 'read' | 'ack' | 'delivered' | 'escalated' | 'notified';
  at: string;
  /** `delivered`: which station confirmed receipt. */
  station_id: ColumnType<string | null, string | null | undefined, string | null>;
  station_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** `escalated`: level and reason; `notified`: channel and target. */
  detail: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TenantSettingsTable {
  tenant_id: string;
  no_response_hours: number;
  alert_dedupe_minutes: number;
  whatsapp_access_token: string | null;
  /** JSON of a triage rules extension (see server/src/triage). */
  triage_rules_extension: string | null;
  /** Stations ring only for alerts newer than this; null = ALARM_WINDOW_HOURS.default. */
  alarm_window_hours: number | null;
  /** IANA zone for times on station screens; null = DEFAULT_TIME_ZONE. */
  time_zone: string | null;
  /** Days messages and alerts are kept (0: forever); null = the server's RETENTION_DAYS. */
  retention_days: number | null;
  /** JSON of the `escalation` setting (issue #9), secret included; null = defaults, no external channel. */
  escalation: string | null;
  updated_at: string;
}

export interface ConversationsTable {
  tenant_id: string;
  id: string;
  /** For an unidentified contact: `unidentified:<phone>`. */
  patient_id: string;
  contact_phone: string | null;
  contact_name: string | null;
  identified: number;
  status: 'open' | 'assumed' | 'resolved';
  assumed_by: string | null;
  last_message_at: string | null;
  /** The hospital wrote and the patient has not answered since. */
  awaiting_reply_since: string | null;
  no_response_alerted_at: string | null;
  /** The patient wrote and nobody at the hospital has answered since. */
  unanswered_since: string | null;
  created_at: string;
  updated_at: string;
}

export interface MessagesTable {
  tenant_id: string;
  id: string;
  conversation_id: string;
  patient_id: string;
  sender: string;
  content: string;
  is_audio: number;
  sent_by_user: string | null;
  delivery_status: string | null;
  delivery_error: string | null;
  triage: string | null;
  created_at: string;
}

export interface WebhookInboxTable {
  id: string;
  body: string;
  received_at: string;
  processed_at: string | null;
  attempts: number;
  last_error: string | null;
}

export interface OutboundMessagesTable {
  id: string;
  tenant_id: string;
  message_id: string;
  conversation_id: string;
  to_phone: string;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: string;
  updated_at: string;
}

/** One connected station socket (issue #9); `last_seen` refreshed by its instance, stale rows are ignored and swept. */
export interface StationPresenceTable {
  socket_id: string;
  tenant_id: string;
  station_id: string;
  user_id: string;
  name: string | null;
  host: string | null;
  app_version: string | null;
  instance_id: string;
  connected_at: string;
  last_seen: string;
}

/** Since when a tenant has had no station online, and whether the "nenhuma estação online" notice went out. */
export interface TenantPresenceStateTable {
  tenant_id: string;
  offline_since: string | null;
  notice_sent_at: string | null;
}

/** External escalation messages waiting to go out (signed webhook, WhatsApp template to on-call numbers). */
export interface EscalationOutboxTable {
  id: string;
  tenant_id: string;
  alert_id: string | null;
  channel: 'webhook' | 'whatsapp';
  /** Webhook URL or phone number. */
  target: string;
  /** Webhook: the JSON body as signed; WhatsApp: the text for the template parameter. */
  body: string;
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  station_presence: StationPresenceTable;
  tenant_presence_state: TenantPresenceStateTable;
  escalation_outbox: EscalationOutboxTable;
  tenant_settings: TenantSettingsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  webhook_inbox: WebhookInboxTable;
  outbound_messages: OutboundMessagesTable;
  tenants: TenantsTable;
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  patients: PatientsTable;
  alerts: AlertsTable;
  alert_reads: AlertReadsTable;
  alert_audit: AlertAuditTable;
}

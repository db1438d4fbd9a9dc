

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
  action: 'read' | 'ack';
  at: string;
}

export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  patients: PatientsTable;
  alerts: AlertsTable;
  alert_reads: AlertReadsTable;
  alert_audit: AlertAuditTable;
}


// P3's "storage stubbed out, same path otherwise" server. Bench-only: it is
// never part of the product, and the product has no switch that could drop
// alerts. It loads the real server/dist, replaces the AlertStore provider of
// the real AlertsModule with the in-memory store below (Nest module metadata,
// the same thing @nestjs/testing's overrideProvider rewrites), then runs the
// real server/dist/main.js in this process: same config, HTTP stack, guard,
// validation, patient check, emit, priority recompute, escalation hook and
// logging. Only the alert transaction is gone (the patient check, the guard's
// user lookup and the priority recompute still read the database).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// The dist is CommonJS: one require cache, so main.js below sees the patched module.
const require = createRequire(import.meta.url);
const dist = fileURLToPath(new URL('../server/dist/', import.meta.url));
const { AlertsModule } = require(`${dist}alerts/alerts.module.js`);
const { AlertStore } = require(`${dist}alerts/alert-store.js`);
const { toAlertPayload } = require(`${dist}alerts/alert-mapper.js`);
const { Clock } = require(`${dist}common/clock.js`);

/** Same contract as AlertStore (per-tenant seq, externalId dedupe), in a Map. */
class MemoryAlertStore {
  constructor(clock) {
    this.clock = clock;
    this.rows = new Map(); // tenant -> rows by seq order
    this.byId = new Map();
    this.byExternal = new Map();
  }

  async append(tenantId, input) {
    if (input.externalId) {
      const existing = this.byExternal.get(`${tenantId}\u0000${input.externalId}`);
      if (existing) return { alert: toAlertPayload(existing, []), created: false };
    }
    let rows = this.rows.get(tenantId);
    if (!rows) this.rows.set(tenantId, (rows = []));
    const row = {
      id: randomUUID(),
      tenant_id: tenantId,
      seq: rows.length + 1,
      patient_id: input.patientId,
      patient_name: input.patientName,
      type: input.type,
      severity: input.severity,
      message: input.message,
      metadata: input.metadata ? JSON.stringify(input.metadata) : null,
      external_id: input.externalId ?? null,
      created_at: this.clock.isoNow(),
      acknowledged_by: null,
      acknowledged_at: null,
      delivered_count: 0,
      escalation_level: 0,
      escalated_at: null,
      escalation_reason: null,
    };
    rows.push(row);
    this.byId.set(`${tenantId}\u0000${row.id}`, row);
    if (row.external_id) this.byExternal.set(`${tenantId}\u0000${row.external_id}`, row);
    return { alert: toAlertPayload(row, []), created: true };
  }

  async listAfter(tenantId, afterSeq, limit) {
    const rows = (this.rows.get(tenantId) ?? []).slice(Math.max(0, afterSeq), Math.max(0, afterSeq) + limit);
    return rows.map((row) => toAlertPayload(row, []));
  }

  async findById(tenantId, alertId) {
    return this.byId.get(`${tenantId}\u0000${alertId}`);
  }

  async findByExternalId(tenantId, externalId) {
    const row = this.byExternal.get(`${tenantId}\u0000${externalId}`);
    return row ? toAlertPayload(row, []) : undefined;
  }

  async withReaders(_tenantId, rows) {
    return rows.map((row) => toAlertPayload(row, []));
  }
}

const PROVIDERS = 'providers'; // @nestjs/common MODULE_METADATA.PROVIDERS
const providers = Reflect.getMetadata(PROVIDERS, AlertsModule);
if (!providers || !providers.includes(AlertStore)) throw new Error('AlertsModule no longer provides AlertStore: update the P3 stub');
Reflect.defineMetadata(
  PROVIDERS,
  providers.map((p) =>
    p === AlertStore ? { provide: AlertStore, inject: [Clock], useFactory: (clock) => new MemoryAlertStore(clock) } : p,
  ),
  AlertsModule,
);
process.stderr.write('{"msg":"P3 bench: AlertStore replaced by an in-memory store (bench only)"}\n');

require(`${dist}main.js`);

import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AlertPayload, CreateAlertRequest } from '@plantao/shared';
import type { Kysely } from 'kysely';
import { Clock } from '../common/clock';
import { type DatabaseHandle, isUniqueViolation } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { GroupCommit } from '../db/group-commit';
import type { AlertsTable, Database } from '../db/schema';
import { toAlertPayload } from './alert-mapper';

export type StoreResult = { alert: AlertPayload; created: boolean };

/** One row written (or found by `externalId`) inside a transaction. */
type Appended = { row: AlertsTable; created: boolean };

type Append = { tenantId: string; input: CreateAlertRequest };

/** Most alerts one SQLite transaction carries (group commit); the rest wait for the next. */
const MAX_GROUP = 256;

/**
 * The durable alert log. `seq` comes from the tenant row's counter, bumped in
 * the same transaction as the insert: the row lock (PostgreSQL) or the write
 * lock (SQLite) serialises writers of one tenant across every server instance,
 * a rollback returns the number, and UNIQUE (tenant_id, seq) backs it up.
 *
 * SQLite commits groups: every append that arrives while the event loop is
 * busy is written in one transaction, so one fsync (synchronous = FULL)
 * covers them all, and each caller is answered only after that commit. An
 * error in a group (which would roll back every alert in it) sends each of
 * its alerts again in a transaction of its own, so one bad alert fails alone.
 */
@Injectable()
export class AlertStore {
  /** The tenants whose row a group has already ensured: one insert-or-ignore per tenant per group. */
  private readonly groups: GroupCommit<Append, Appended, StoreResult, Set<string>>;

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly clock: Clock,
  ) {
    this.groups = new GroupCommit(
      handle,
      {
        write: async (trx, { tenantId, input }, ensured) => {
          const appended = await this.appendIn(trx, tenantId, input, !ensured.has(tenantId));
          ensured.add(tenantId);
          return appended;
        },
        settle: ({ tenantId }, appended) => this.toResult(tenantId, appended),
        alone: ({ tenantId, input }) => this.appendAlone(tenantId, input),
        newGroup: () => new Set<string>(),
      },
      MAX_GROUP,
    );
  }

  append(tenantId: string, input: CreateAlertRequest): Promise<StoreResult> {
    return this.groups.submit({ tenantId, input });
  }

  /** One alert, one transaction (PostgreSQL always; SQLite for a lone alert or a group's retry). */
  private async appendAlone(tenantId: string, input: CreateAlertRequest): Promise<StoreResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const appended = await this.handle.db.transaction().execute((trx) => this.appendIn(trx, tenantId, input, true));
        return await this.toResult(tenantId, appended);
      } catch (error) {
        if (error instanceof ExistingAlert) {
          const [alert] = await this.withReaders(tenantId, [error.row]);
          if (alert) return { alert, created: false };
        }
        // Two first-time writers with the same externalId: the loser retries and finds the winner's row.
        if (attempt < 3 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  private async toResult(tenantId: string, { row, created }: Appended): Promise<StoreResult> {
    if (created) return { alert: toAlertPayload(row, []), created };
    const [alert] = await this.withReaders(tenantId, [row]);
    return { alert: alert ?? toAlertPayload(row, []), created };
  }

  private async appendIn(trx: Kysely<Database>, tenantId: string, input: CreateAlertRequest, ensureTenant: boolean): Promise<Appended> {
    const now = this.clock.isoNow();
    // SQLite: the first statement of a transaction is this write, so the transaction holds the database's write lock from here on.
    if (ensureTenant) {
      await trx
        .insertInto('tenants')
        .values({ id: tenantId, name: tenantId, alert_seq: 0, whatsapp_phone_number_id: null, created_at: now })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    const findExisting = (externalId: string) =>
      trx.selectFrom('alerts').selectAll().where('tenant_id', '=', tenantId).where('external_id', '=', externalId).executeTakeFirst();
    // SQLite: under the write lock no one else can commit, so the duplicate check comes before the seq bump and a duplicate
    // (also one earlier in the same group) changes nothing, without a rollback that would take the group's other alerts with it.
    if (input.externalId && this.handle.kind === 'sqlite') {
      const existing = await findExisting(input.externalId);
      if (existing) return { row: existing, created: false };
    }
    const counter = await trx
      .updateTable('tenants')
      .set((eb) => ({ alert_seq: eb('alert_seq', '+', 1) }))
      .where('id', '=', tenantId)
      .returning('alert_seq')
      .executeTakeFirstOrThrow();

    // PostgreSQL: checked after taking the tenant row lock, so a concurrent duplicate has committed by now.
    if (input.externalId && this.handle.kind !== 'sqlite') {
      const existing = await findExisting(input.externalId);
      if (existing) throw new ExistingAlert(existing);
    }

    const row: AlertsTable = {
      id: randomUUID(),
      tenant_id: tenantId,
      seq: Number(counter.alert_seq),
      patient_id: input.patientId,
      patient_name: input.patientName,
      type: input.type,
      severity: input.severity,
      message: input.message,
      metadata: input.metadata ? JSON.stringify(input.metadata) : null,
      external_id: input.externalId ?? null,
      created_at: now,
      acknowledged_by: null,
      acknowledged_at: null,
      delivered_count: 0,
      escalation_level: 0,
      escalated_at: null,
      escalation_reason: null,
    };
    await trx.insertInto('alerts').values(row).execute();
    return { row, created: true };
  }

  /** Alerts of one tenant with `seq > afterSeq`, ascending, with read state. */
  async listAfter(tenantId: string, afterSeq: number, limit: number): Promise<AlertPayload[]> {
    const rows = await this.handle.db
      .selectFrom('alerts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return this.withReaders(tenantId, rows);
  }

  async findById(tenantId: string, alertId: string): Promise<AlertsTable | undefined> {
    return this.handle.db.selectFrom('alerts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', alertId).executeTakeFirst();
  }

  async findByExternalId(tenantId: string, externalId: string): Promise<AlertPayload | undefined> {
    const row = await this.handle.db
      .selectFrom('alerts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return row ? (await this.withReaders(tenantId, [row]))[0] : undefined;
  }

  async withReaders(tenantId: string, rows: AlertsTable[]): Promise<AlertPayload[]> {
    if (rows.length === 0) return [];
    const reads = await this.handle.db
      .selectFrom('alert_reads')
      .select(['alert_id', 'user_id', 'read_at'])
      .where('tenant_id', '=', tenantId)
      .where(
        'alert_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('read_at')
      .execute();
    const readers = new Map<string, { user_id: string; read_at: string }[]>();
    for (const read of reads) readers.set(read.alert_id, [...(readers.get(read.alert_id) ?? []), read]);
    return rows.map((row) => toAlertPayload(row, readers.get(row.id) ?? []));
  }
}

/** Raised inside the transaction to roll back the seq bump when the externalId exists. */
export class ExistingAlert extends Error {
  constructor(readonly row: AlertsTable) {
    super('alert with this externalId exists');
  }
}

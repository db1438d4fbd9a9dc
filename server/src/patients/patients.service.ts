import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { type CreatePatientRequest, type PatientResponse, type PatientStatus, RestErrorCode, ServerEvent } from '@plantao/shared';
import type { Transaction } from 'kysely';
import { Broadcaster } from '../broadcast/broadcaster';
import { Clock } from '../common/clock';
import { type DatabaseHandle, isUniqueViolation } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import type { Database, PatientsTable } from '../db/schema';

export function toPatientResponse(row: PatientsTable): PatientResponse {
  return {
    id: row.id,
    name: row.name,
    ...(row.bed ? { bed: row.bed } : {}),
    status: row.status as PatientStatus,
    ...(row.phone ? { phone: row.phone } : {}),
    priority: Number(row.priority),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function conflict(code: string, field: string, message: string, why: string): ConflictException {
  return new ConflictException({ message, code, details: [{ field, message: why }] });
}

/** Patients are keyed by (tenant, id): another tenant's patient simply does not exist here. */
@Injectable()
export class PatientsService {
  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly broadcaster: Broadcaster,
    private readonly clock: Clock,
  ) {}

  async create(tenantId: string, input: CreatePatientRequest): Promise<PatientResponse> {
    const now = this.clock.isoNow();
    const row: PatientsTable = {
      tenant_id: tenantId,
      id: input.id ?? randomUUID(),
      name: input.name,
      bed: input.bed ?? null,
      status: input.status ?? 'active',
      phone: input.phone ?? null,
      priority: 0,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.handle.db.transaction().execute(async (trx) => {
        if (row.phone) await this.refuseTakenPhone(trx, tenantId, row.phone);
        await trx.insertInto('patients').values(row).execute();
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict(RestErrorCode.PatientExists, 'id', `Patient ${row.id} already exists`, 'already exists');
      }
      throw error;
    }
    this.broadcaster.toTenant(tenantId, ServerEvent.NewPatient, {
      patientId: row.id,
      patientName: row.name,
      ...(row.bed ? { bed: row.bed } : {}),
      status: row.status as PatientStatus,
      timestamp: now,
    });
    return toPatientResponse(row);
  }

  /**
   * A phone identifies the patient an incoming WhatsApp message is from, so
   * two patients of one hospital must not share it (issue #11): the message
   * would land with whichever the lookup finds first. Other hospitals may have
   * the same number. In PostgreSQL the tenant row is locked first so two
   * concurrent creates cannot both find the phone free (SQLite serialises
   * writers already, and has no FOR UPDATE).
   */
  private async refuseTakenPhone(trx: Transaction<Database>, tenantId: string, phone: string): Promise<void> {
    if (this.handle.kind === 'postgres') {
      await trx.selectFrom('tenants').select('id').where('id', '=', tenantId).forUpdate().execute();
    }
    const holder = await trx
      .selectFrom('patients')
      .select(['id', 'name'])
      .where('tenant_id', '=', tenantId)
      .where('phone', '=', phone)
      .executeTakeFirst();
    if (holder) {
      const why = `already used by patient ${holder.id} (${holder.name})`;
      throw conflict(RestErrorCode.PhoneInUse, 'phone', `phone: ${why}`, why);
    }
  }

  async find(tenantId: string, patientId: string): Promise<PatientsTable | undefined> {
    return this.handle.db
      .selectFrom('patients')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', patientId)
      .executeTakeFirst();
  }

  async get(tenantId: string, patientId: string): Promise<PatientResponse> {
    const row = await this.find(tenantId, patientId);
    if (!row) throw new NotFoundException(`Patient ${patientId} not found`);
    return toPatientResponse(row);
  }

  async list(tenantId: string, sort: 'name' | 'priority'): Promise<PatientResponse[]> {
    let query = this.handle.db.selectFrom('patients').selectAll().where('tenant_id', '=', tenantId);
    query = sort === 'priority' ? query.orderBy('priority', 'desc').orderBy('name') : query.orderBy('name');
    return (await query.execute()).map(toPatientResponse);
  }

  async updateStatus(tenantId: string, patientId: string, status: PatientStatus, changedBy: string): Promise<PatientResponse> {
    const before = await this.find(tenantId, patientId);
    if (!before) throw new NotFoundException(`Patient ${patientId} not found`);
    const now = this.clock.isoNow();
    await this.handle.db
      .updateTable('patients')
      .set({ status, updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', patientId)
      .execute();
    if (before.status !== status) {
      this.broadcaster.toTenant(tenantId, ServerEvent.PatientStatusChange, {
        patientId,
        patientName: before.name,
        oldStatus: before.status as PatientStatus,
        newStatus: status,
        changedBy,
        timestamp: now,
      });
    }
    return toPatientResponse({ ...before, status, updated_at: now });
  }
}

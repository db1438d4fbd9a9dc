import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { type CreateAlertRequest, RestErrorCode } from '@plantao/shared';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';

/**
 * Names compare equal when they differ only in case, accents or spacing:
 * hospital systems often send "MARIA APARECIDA SOUZA" or "Jose" for the
 * record's "Maria Aparecida Souza" and "José". What is shown is always the
 * record's spelling; this only tells a different person from a different style.
 */
export function sameName(a: string, b: string): boolean {
  return a === b || fold(a) === fold(b);
}

/** Folded names, remembered: an integration sends the same few hundred names all day, and folding is Unicode work. */
const folded = new Map<string, string>();
const FOLDED_CACHE_SIZE = 10_000;

function fold(name: string): string {
  let result = folded.get(name);
  if (result === undefined) {
    result = name.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('pt-BR').replace(/\s+/g, ' ').trim();
    if (folded.size >= FOLDED_CACHE_SIZE) folded.clear();
    folded.set(name, result);
  }
  return result;
}

function refuse(code: string, field: string, message: string): UnprocessableEntityException {
  return new UnprocessableEntityException({ message: `${field}: ${message}`, code, details: [{ field, message }] });
}

/**
 * An alert posted by an integration (`POST /api/alerts`) is about one of the
 * hospital's registered patients, and what stations show about that patient
 * comes from the record, never from the caller's body when they disagree
 * (issue #11): an unknown `patientId`, or a `patientName` / `metadata.bed`
 * naming someone else, is refused with 422 before anything is stored.
 *
 * Only the REST door checks this. Plantão's own raisers (triage, no-response)
 * call `AlertsService.raise` directly: they take name and bed from the record
 * already, and they must keep alarming for unidentified WhatsApp contacts,
 * who have no patient row (`unidentified:<phone>`).
 */
@Injectable()
export class AlertSubject {
  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {}

  /** The request with the record's name (and bed, when the caller gave one); throws 422 naming the field otherwise. */
  async fromRecord(tenantId: string, input: CreateAlertRequest): Promise<CreateAlertRequest> {
    const patient = await this.handle.db
      .selectFrom('patients')
      .select(['name', 'bed'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', input.patientId)
      .executeTakeFirst();
    // Another hospital's patient reads exactly like a missing one.
    if (!patient) {
      throw refuse(
        RestErrorCode.UnknownPatient,
        'patientId',
        `no patient "${input.patientId}" in this hospital; register it first with POST /api/patients`,
      );
    }
    if (!sameName(input.patientName, patient.name)) {
      throw refuse(RestErrorCode.PatientMismatch, 'patientName', `does not match the patient record ("${patient.name}")`);
    }
    const metadata = input.metadata;
    if (metadata && metadata.bed !== undefined) {
      const bed = typeof metadata.bed === 'string' || typeof metadata.bed === 'number' ? String(metadata.bed) : undefined;
      if (bed === undefined || !patient.bed || !sameName(bed, patient.bed)) {
        const record = patient.bed ? `"${patient.bed}"` : 'no bed';
        throw refuse(RestErrorCode.PatientMismatch, 'metadata.bed', `does not match the patient record (${record})`);
      }
      return { ...input, patientName: patient.name, metadata: { ...metadata, bed: patient.bed } };
    }
    return { ...input, patientName: patient.name };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { AlertsService } from '../alerts/alerts.service';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import type { MessagesTable } from '../db/schema';
import type { PatientRef } from './clinical-alerts.service';

export const VOICE_NOTE_UNHEARD = 'voice_note_unheard';

/**
 * Why nobody could read a voice note: no speech-to-text service, it (or the
 * media download) failed, or an integrator posted a voice note without its transcript.
 */
export type UnheardReason = 'not_configured' | 'failed' | 'not_transcribed';

/**
 * A voice note nobody could transcribe is read by a nurse: one `medium`
 * "mensagem de voz não ouvida" alert per unanswered stretch of the
 * conversation (from the patient's first unanswered message until a nurse
 * replies), however many notes the stretch holds. The alert's externalId is
 * derived from the stretch, so the database's unique (tenant, externalId) is
 * the claim: one alert across instances, retries and redeliveries.
 */
@Injectable()
export class VoiceNoteAlertsService {
  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly alerts: AlertsService,
  ) {}

  /** The stretch's alert (raised now or earlier), or none when a nurse has answered since this note. */
  async unheard(tenantId: string, patient: PatientRef, message: MessagesTable, reason: UnheardReason): Promise<string | undefined> {
    const conversation = await this.handle.db
      .selectFrom('conversations')
      .select('unanswered_since')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', message.conversation_id)
      .executeTakeFirst();
    const since = conversation?.unanswered_since;
    // Only on a redelivery processed after a nurse replied: the stretch this note belonged to is over.
    if (!since) return undefined;
    const { alert } = await this.alerts.raise(tenantId, {
      patientId: patient.id,
      patientName: patient.name,
      type: VOICE_NOTE_UNHEARD,
      severity: 'medium',
      message: `Mensagem de voz não ouvida${reason === 'failed' ? ' (a transcrição falhou)' : ''}: ouça o áudio na conversa`,
      externalId: `${VOICE_NOTE_UNHEARD}:${message.conversation_id}:${since}`,
      metadata: {
        source: 'voice_note',
        reason,
        messageId: message.id,
        conversationId: message.conversation_id,
        unansweredSince: since,
        ...(patient.bed ? { bed: patient.bed } : {}),
      },
    });
    return alert.id;
  }
}

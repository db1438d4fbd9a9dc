import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IngestMessageRequest, IngestResult, TriageOutcome } from '@plantao/shared';
import { Clock } from '../common/clock';
import { KeyedQueue } from '../common/keyed-queue';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { toMessage } from '../conversations/conversation-mapper';
import { ConversationsService, type InboundMessage } from '../conversations/conversations.service';
import { PriorityService } from '../priority/priority.service';
import { ClinicalAlertsService } from './clinical-alerts.service';
import { TriageService } from './triage.service';

/**
 * A WhatsApp message as ingest needs it. Clinical owns this shape: the
 * webhook parser's `ParsedInbound` fits it, and whatsapp/ calls clinical,
 * never the other way round.
 */
export interface WhatsAppInbound {
  /** WhatsApp's message id: stored once per tenant. */
  wamid: string;
  /** The sender's phone number: finds the patient. */
  from: string;
  contactName?: string;
  content: string;
  isAudio: boolean;
  /** Text to triage: only a text message has one. */
  triageable: boolean;
  timestamp: string;
}

/**
 * One path for every incoming message (WhatsApp webhook and
 * `POST /api/conversations/messages`): store once, broadcast, triage a
 * patient's text, raise or update alerts, recompute priority. A message that
 * was stored but not yet triaged (a crash in between) is triaged when the
 * same message id is delivered or replayed again.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);
  private readonly perPatient = new KeyedQueue();

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly conversations: ConversationsService,
    private readonly triage: TriageService,
    private readonly clinicalAlerts: ClinicalAlertsService,
    private readonly priority: PriorityService,
    private readonly clock: Clock,
  ) {}

  ingest(tenantId: string, input: InboundMessage): Promise<IngestResult> {
    // Two messages of one patient must not both decide "no open alert yet".
    return this.perPatient.run(`${tenantId}\u0000${input.patientId}`, () => this.ingestNow(tenantId, input));
  }

  /** `POST /api/conversations/messages`: the agent names the conversation and patient. */
  async ingestAgentMessage(tenantId: string, body: IngestMessageRequest): Promise<IngestResult> {
    const patient = await this.handle.db
      .selectFrom('patients')
      .select(['id', 'phone'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', body.patientId)
      .executeTakeFirst();
    return this.ingest(tenantId, {
      messageId: body.messageId,
      conversationId: body.conversationId,
      patientId: body.patientId,
      identified: Boolean(patient),
      ...(patient?.phone ? { contactPhone: patient.phone } : {}),
      content: body.content,
      sender: body.sender,
      timestamp: body.timestamp ?? this.clock.isoNow(),
      isAudio: body.isAudio ?? false,
    });
  }

  /** A WhatsApp message: the patient is found by phone; an unknown phone is an unidentified contact. */
  async ingestWhatsApp(tenantId: string, message: WhatsAppInbound): Promise<IngestResult> {
    const patient = await this.handle.db
      .selectFrom('patients')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('phone', '=', message.from)
      .executeTakeFirst();
    return this.ingest(tenantId, {
      messageId: message.wamid,
      conversationId: `wa:${message.from}`,
      patientId: patient?.id ?? `unidentified:${message.from}`,
      identified: Boolean(patient),
      contactPhone: message.from,
      ...(message.contactName ? { contactName: message.contactName } : {}),
      content: message.content,
      sender: 'patient',
      timestamp: message.timestamp,
      isAudio: message.isAudio,
      triageable: message.triageable,
    });
  }

  private async ingestNow(tenantId: string, input: InboundMessage): Promise<IngestResult> {
    const patient = await this.handle.db
      .selectFrom('patients')
      .select(['id', 'name', 'bed'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', input.patientId)
      .executeTakeFirst();
    const { duplicate, message, conversation } = await this.conversations.recordInbound(tenantId, input);
    const patientName = patient?.name ?? `Contato não identificado${input.contactPhone ? ` (+${input.contactPhone})` : ''}`;
    if (!duplicate) this.conversations.emitNewMessage(tenantId, conversation, message, patientName);

    const needsTriage =
      message.sender === 'patient' &&
      !message.is_audio &&
      message.triage === null &&
      (input.triageable ?? true) &&
      message.content.trim() !== '';
    let outcome: TriageOutcome | undefined = message.triage ? (JSON.parse(message.triage) as TriageOutcome) : undefined;
    let alertId: string | undefined;
    if (needsTriage) {
      outcome = await this.triage.triage(tenantId, message.content);
      const earlier = await this.handle.db
        .selectFrom('messages')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('patient_id', '=', message.patient_id)
        .where('sender', '=', 'patient')
        .where('created_at', '>=', new Date(this.clock.now() - 48 * 3_600_000).toISOString())
        .execute();
      const decision = await this.clinicalAlerts.decide(
        tenantId,
        { id: message.patient_id, name: patientName, ...(patient?.bed ? { bed: patient.bed } : {}) },
        message,
        outcome,
        earlier,
      );
      if (decision.kind !== 'none') alertId = decision.alertId;
      // Marked last: if the process dies before this, a redelivery triages again (the alert is idempotent).
      await this.conversations.setTriage(tenantId, message.id, outcome);
      this.logger.log(
        {
          tenantId,
          messageId: message.id,
          severity: outcome.severity,
          symptom: outcome.symptom,
          decidedBy: outcome.decidedBy,
          decision: decision.kind,
        },
        'message triaged',
      );
    }
    if (!duplicate) this.priority.recompute(tenantId, message.patient_id, 'conversation:new_message');
    return {
      duplicate,
      conversationId: conversation.id,
      message: toMessage(message),
      ...(outcome ? { triage: outcome } : {}),
      ...(alertId ? { alertId } : {}),
    };
  }
}

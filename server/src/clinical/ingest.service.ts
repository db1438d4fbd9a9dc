import { Inject, Injectable, Logger } from '@nestjs/common';
import { type IngestMessageRequest, type IngestResult, SEVERITY_RANK, type TriageOutcome } from '@plantao/shared';
import { Clock } from '../common/clock';
import { KeyedQueue } from '../common/keyed-queue';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { toMessage } from '../conversations/conversation-mapper';
import { ConversationsService, type InboundMessage } from '../conversations/conversations.service';
import { PriorityService } from '../priority/priority.service';
import { ClinicalAlertsService, type PatientRef } from './clinical-alerts.service';
import { repliedQuestion } from './replied-question';
import { triageTexts } from './reply-triage';
import { TriageService } from './triage.service';
import { type UnheardReason, VOICE_NOTE_UNHEARD, VoiceNoteAlertsService } from './voice-note-alerts.service';

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
  /** Stored and shown (a text, or a marker such as `[image] 39,4 de febre`). */
  content: string;
  /** The words the patient wrote or chose (text, caption, button, reply, transcript): triaged. Absent: nothing to read. */
  text?: string;
  /** `context.id`: the message this one answers; the hospital's question is triaged with a short answer. */
  replyTo?: string;
  isAudio: boolean;
  /** A voice note nobody could transcribe, and why: a nurse is asked to listen to it (its caption, if any, is still triaged). */
  unheard?: UnheardReason;
  timestamp: string;
}

/** What ingest reads in a message, beside what it stores. */
interface Reading {
  text?: string;
  replyTo?: string;
  /** Set for a patient voice note nobody could transcribe. */
  unheard?: UnheardReason;
}

const RANK = { ...SEVERITY_RANK, none: 0 } as const;

/** An agent's voice note is stored with its transcript beside what the agent sent, as a WhatsApp note is. */
function withAgentTranscript(body: IngestMessageRequest): string {
  const transcript = body.isAudio ? body.transcript?.trim() : undefined;
  if (!transcript) return body.content;
  return [body.content.trim(), `[áudio transcrito] ${transcript}`].filter((part) => part.length > 0).join('\n');
}

/**
 * Stored in `messages.triage` of a voice note nobody could transcribe, once
 * its alert is raised: marks it dealt with, so a redelivery does not raise it
 * again in a later stretch. Not a symptom: it never counts as a worsening.
 */
const UNHEARD_OUTCOME: TriageOutcome = { severity: 'medium', symptom: VOICE_NOTE_UNHEARD, evidence: '', decidedBy: 'rules' };

/**
 * One path for every incoming message (WhatsApp webhook and
 * `POST /api/conversations/messages`): store once, broadcast, triage the
 * words of a patient's message (with the question it answers, when known),
 * raise or update alerts, ask a nurse to listen to a voice note nobody could
 * transcribe, recompute priority. A message that was stored but not yet dealt
 * with (a crash in between) is dealt with when the same message id is
 * delivered or replayed again.
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
    private readonly voiceNotes: VoiceNoteAlertsService,
    private readonly priority: PriorityService,
    private readonly clock: Clock,
  ) {}

  ingest(tenantId: string, input: InboundMessage, reading: Reading): Promise<IngestResult> {
    // Two messages of one patient must not both decide "no open alert yet".
    return this.perPatient.run(`${tenantId}\u0000${input.patientId}`, () => this.ingestNow(tenantId, input, reading));
  }

  /** Stored and dealt with already (triaged, or its voice alert raised): a redelivery needs no new transcription. */
  async alreadyRead(tenantId: string, messageId: string): Promise<boolean> {
    const row = await this.handle.db
      .selectFrom('messages')
      .select('triage')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', messageId)
      .executeTakeFirst();
    return row?.triage != null;
  }

  /** `POST /api/conversations/messages`: the agent names the conversation and patient. */
  async ingestAgentMessage(tenantId: string, body: IngestMessageRequest): Promise<IngestResult> {
    const patient = await this.handle.db
      .selectFrom('patients')
      .select(['id', 'phone'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', body.patientId)
      .executeTakeFirst();
    const isAudio = body.isAudio ?? false;
    return this.ingest(
      tenantId,
      {
        messageId: body.messageId,
        conversationId: body.conversationId,
        patientId: body.patientId,
        identified: Boolean(patient),
        ...(patient?.phone ? { contactPhone: patient.phone } : {}),
        content: withAgentTranscript(body),
        sender: body.sender,
        timestamp: body.timestamp ?? this.clock.isoNow(),
        isAudio,
      },
      // A voice note is never silent: its transcript is triaged; without one a nurse is asked to listen.
      !isAudio ? { text: body.content } : body.transcript?.trim() ? { text: body.transcript } : { unheard: 'not_transcribed' },
    );
  }

  /** A WhatsApp message: the patient is found by phone; an unknown phone is an unidentified contact. */
  async ingestWhatsApp(tenantId: string, message: WhatsAppInbound): Promise<IngestResult> {
    const patient = await this.handle.db
      .selectFrom('patients')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('phone', '=', message.from)
      .executeTakeFirst();
    return this.ingest(
      tenantId,
      {
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
      },
      {
        ...(message.text !== undefined ? { text: message.text } : {}),
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        ...(message.unheard ? { unheard: message.unheard } : {}),
      },
    );
  }

  private async ingestNow(tenantId: string, input: InboundMessage, reading: Reading): Promise<IngestResult> {
    const patient = await this.handle.db
      .selectFrom('patients')
      .select(['id', 'name', 'bed'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', input.patientId)
      .executeTakeFirst();
    const { duplicate, message, conversation } = await this.conversations.recordInbound(tenantId, input);
    const patientName = patient?.name ?? `Contato não identificado${input.contactPhone ? ` (+${input.contactPhone})` : ''}`;
    if (!duplicate) this.conversations.emitNewMessage(tenantId, conversation, message, patientName);

    const pending = message.sender === 'patient' && message.triage === null;
    const text = reading.text?.trim() ? reading.text : undefined;
    const patientRef: PatientRef = { id: message.patient_id, name: patientName, ...(patient?.bed ? { bed: patient.bed } : {}) };
    let outcome: TriageOutcome | undefined = message.triage ? (JSON.parse(message.triage) as TriageOutcome) : undefined;
    let alertId: string | undefined;
    if (pending && reading.unheard) {
      // Before the triage is marked: a crash in between raises it again on redelivery (same stretch, same alert).
      alertId = await this.voiceNotes.unheard(tenantId, patientRef, message, reading.unheard);
      this.logger.log(
        { tenantId, messageId: message.id, reason: reading.unheard, alertId },
        'voice note not transcribed: a nurse will listen',
      );
    }
    if (pending && text) {
      const question = reading.replyTo
        ? await repliedQuestion(this.handle.db, tenantId, message.conversation_id, reading.replyTo)
        : undefined;
      outcome = await this.triageAnswer(tenantId, text, question);
      const earlier = await this.handle.db
        .selectFrom('messages')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('patient_id', '=', message.patient_id)
        .where('sender', '=', 'patient')
        .where('created_at', '>=', new Date(this.clock.now() - 48 * 3_600_000).toISOString())
        .execute();
      const decision = await this.clinicalAlerts.decide(tenantId, patientRef, message, outcome, earlier, question);
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
    } else if (pending && reading.unheard) {
      await this.conversations.setTriage(tenantId, message.id, UNHEARD_OUTCOME);
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

  /** The answer alone, and with its question when it leans on it: the more severe reading wins (recall first). */
  private async triageAnswer(tenantId: string, text: string, question: string | undefined): Promise<TriageOutcome> {
    let best: TriageOutcome | undefined;
    for (const candidate of triageTexts(text, question)) {
      const outcome = await this.triage.triage(tenantId, candidate);
      if (!best || RANK[outcome.severity] > RANK[best.severity]) best = outcome;
    }
    return best!;
  }
}

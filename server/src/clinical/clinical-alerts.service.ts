import { Injectable } from '@nestjs/common';
import { SEVERITY_RANK, type TriageOutcome } from '@plantao/shared';
import { AlertsService } from '../alerts/alerts.service';
import { Clock } from '../common/clock';
import type { MessagesTable } from '../db/schema';
import { TenantSettingsService } from '../tenants/tenant-settings.service';
import { symptomLabel } from './symptom-labels';

const WORSENING_WINDOW_MS = 48 * 3_600_000;
const RANK = { ...SEVERITY_RANK, none: 0 } as const;

export interface PatientRef {
  id: string;
  name: string;
  bed?: string;
}

export type AlertDecision = { kind: 'none' } | { kind: 'raised'; alertId: string; type: string } | { kind: 'recurrence'; alertId: string };

/**
 * Turns a triage outcome into alerts (issue #3): critical and high raise
 * `critical_symptom`; the same symptom worse than within the last 48 h raises
 * `symptom_worsening`; the same symptom again, no worse than an alert still
 * open inside the tenant's dedupe window, is counted on that alert instead
 * (alarm fatigue). Each message raises at most one alert (externalId).
 */
@Injectable()
export class ClinicalAlertsService {
  constructor(
    private readonly alerts: AlertsService,
    private readonly settings: TenantSettingsService,
    private readonly clock: Clock,
  ) {}

  async decide(
    tenantId: string,
    patient: PatientRef,
    message: MessagesTable,
    outcome: TriageOutcome,
    earlier: MessagesTable[],
    /** The hospital's question this message answers, when known: quoted so "Sim" makes sense on the alert. */
    question?: string,
  ): Promise<AlertDecision> {
    if (outcome.severity !== 'critical' && outcome.severity !== 'high') return { kind: 'none' };
    const severity = outcome.severity;
    const now = this.clock.now();

    const dedupeMs = (await this.settings.dedupeMinutes(tenantId)) * 60_000;
    const open = await this.alerts.openForPatient(tenantId, patient.id, new Date(now - dedupeMs).toISOString());
    const sameOpen = open.find((a) => {
      const meta = a.metadata ? (JSON.parse(a.metadata) as { symptom?: unknown }) : {};
      return (
        meta.symptom === outcome.symptom && RANK[a.severity as keyof typeof RANK] >= RANK[severity] && a.external_id !== `msg:${message.id}`
      );
    });
    if (sameOpen) {
      await this.alerts.recordOccurrence(tenantId, sameOpen.id, message.created_at, {
        lastMessageId: message.id,
        lastEvidence: outcome.evidence,
      });
      return { kind: 'recurrence', alertId: sameOpen.id };
    }

    const since = now - WORSENING_WINDOW_MS;
    const previousRank = Math.max(
      0,
      ...earlier
        .filter((m) => m.id !== message.id && Date.parse(m.created_at) >= since && m.triage)
        .map((m) => JSON.parse(m.triage!) as { severity?: keyof typeof RANK; symptom?: string })
        .filter((t) => t.symptom === outcome.symptom && t.severity && RANK[t.severity] > 0)
        .map((t) => RANK[t.severity!]),
    );
    const worsening = previousRank > 0 && previousRank < RANK[severity];
    const type = worsening ? 'symptom_worsening' : 'critical_symptom';
    const label = symptomLabel(outcome.symptom);
    const quote = clip(message.content, 280);
    const answered = question ? ` (em resposta a: "${clip(question, 200)}")` : '';
    const { alert } = await this.alerts.raise(tenantId, {
      patientId: patient.id,
      patientName: patient.name,
      type,
      severity,
      message: `${worsening ? 'Piora: ' : ''}${label}. Paciente escreveu: "${quote}"${answered}`,
      externalId: `msg:${message.id}`,
      metadata: {
        source: 'triage',
        symptom: outcome.symptom,
        evidence: outcome.evidence,
        decidedBy: outcome.decidedBy,
        ...(outcome.rulesVersion ? { rulesVersion: outcome.rulesVersion } : {}),
        messageId: message.id,
        conversationId: message.conversation_id,
        ...(question ? { inReplyTo: clip(question, 500) } : {}),
        occurrences: 1,
        ...(patient.bed ? { bed: patient.bed } : {}),
      },
    });
    return { kind: 'raised', alertId: alert.id, type };
  }
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 3)}...` : text);

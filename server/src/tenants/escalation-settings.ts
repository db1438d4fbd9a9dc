import { BadRequestException } from '@nestjs/common';
import { ESCALATION_DEFAULTS, type EscalationSettingsRequest, type EscalationSettingsView } from '@plantao/shared';

/** The `escalation` setting as stored (JSON in tenant_settings.escalation): the secret included, defaults filled in. */
export interface EscalationPolicy {
  ackTimeoutSeconds: number;
  externalAfterSeconds: number;
  noStationSeconds: number;
  webhookUrl?: string;
  webhookSecret?: string;
  onCallNumbers: string[];
  onCallTemplate?: { name: string; language: string };
  noStationHours?: { from: string; to: string };
}

export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = { ...ESCALATION_DEFAULTS, onCallNumbers: [] };

export function parseEscalationPolicy(json: string | null | undefined): EscalationPolicy {
  if (!json) return { ...DEFAULT_ESCALATION_POLICY };
  return { ...DEFAULT_ESCALATION_POLICY, ...(JSON.parse(json) as Partial<EscalationPolicy>) };
}

/** Whether the tenant has any external channel to call (webhook or on-call WhatsApp numbers). */
export function hasExternalChannel(policy: EscalationPolicy): boolean {
  return Boolean(policy.webhookUrl) || policy.onCallNumbers.length > 0;
}

/**
 * An admin's change applied to the current policy: absent keys keep their
 * value, `null` clears. Checks what only the merged result can tell (the
 * order of the deadlines, a webhook needs its secret, WhatsApp needs a
 * template) and refuses with the field named, so nothing half-valid is stored.
 */
export function mergeEscalationPolicy(current: EscalationPolicy, input: EscalationSettingsRequest): EscalationPolicy {
  const next: EscalationPolicy = { ...current };
  if (input.ackTimeoutSeconds !== undefined) next.ackTimeoutSeconds = input.ackTimeoutSeconds;
  if (input.externalAfterSeconds !== undefined) next.externalAfterSeconds = input.externalAfterSeconds;
  if (input.noStationSeconds !== undefined) next.noStationSeconds = input.noStationSeconds;
  if (input.onCallNumbers !== undefined) next.onCallNumbers = [...new Set(input.onCallNumbers)];
  assign(next, 'webhookUrl', input.webhookUrl);
  assign(next, 'webhookSecret', input.webhookSecret);
  assign(next, 'onCallTemplate', input.onCallTemplate);
  assign(next, 'noStationHours', input.noStationHours);
  if (next.externalAfterSeconds <= next.ackTimeoutSeconds) {
    throw new BadRequestException('escalation.externalAfterSeconds: must be greater than ackTimeoutSeconds');
  }
  if (next.webhookUrl && !next.webhookSecret) {
    throw new BadRequestException('escalation.webhookSecret: required with webhookUrl (the paging system checks the signature)');
  }
  if (next.onCallNumbers.length > 0 && !next.onCallTemplate) {
    throw new BadRequestException(
      'escalation.onCallTemplate: required with onCallNumbers (WhatsApp sends free text only inside an open conversation)',
    );
  }
  return next;
}

function assign<K extends 'webhookUrl' | 'webhookSecret' | 'onCallTemplate' | 'noStationHours'>(
  policy: EscalationPolicy,
  key: K,
  value: EscalationPolicy[K] | null | undefined,
): void {
  if (value === undefined) return;
  if (value === null) delete policy[key];
  else policy[key] = value;
}

/** What an admin reads back: never the secret. */
export function escalationView(policy: EscalationPolicy): EscalationSettingsView {
  return {
    ackTimeoutSeconds: policy.ackTimeoutSeconds,
    externalAfterSeconds: policy.externalAfterSeconds,
    noStationSeconds: policy.noStationSeconds,
    ...(policy.webhookUrl ? { webhookUrl: policy.webhookUrl } : {}),
    webhookSecretSet: Boolean(policy.webhookSecret),
    onCallNumbers: policy.onCallNumbers,
    ...(policy.onCallTemplate ? { onCallTemplate: policy.onCallTemplate } : {}),
    ...(policy.noStationHours ? { noStationHours: policy.noStationHours } : {}),
  };
}

/**
 * Whether `at` falls inside the tenant's "no station online" hours, in its
 * time zone. No hours = always. `from > to` is an overnight range (22:00–06:00).
 */
export function withinHours(hours: EscalationPolicy['noStationHours'], at: number, timeZone: string): boolean {
  if (!hours) return true;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const hh = parts.find((p) => p.type === 'hour')?.value ?? '00';
  const mm = parts.find((p) => p.type === 'minute')?.value ?? '00';
  const now = `${hh}:${mm}`;
  return hours.from <= hours.to ? now >= hours.from && now < hours.to : now >= hours.from || now < hours.to;
}

import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_POLICY, escalationView, hasExternalChannel, mergeEscalationPolicy, withinHours } from './escalation-settings';

describe('escalation policy', () => {
  it('merges: absent keeps, null clears, duplicates in on-call numbers collapse', () => {
    const withWebhook = mergeEscalationPolicy(DEFAULT_ESCALATION_POLICY, {
      webhookUrl: 'https://pager.hospital.example/plantao',
      webhookSecret: 'a-very-long-shared-secret',
    });
    expect(hasExternalChannel(withWebhook)).toBe(true);
    const tuned = mergeEscalationPolicy(withWebhook, { ackTimeoutSeconds: 60 });
    expect(tuned).toMatchObject({ ackTimeoutSeconds: 60, externalAfterSeconds: 300, webhookSecret: 'a-very-long-shared-secret' });
    const cleared = mergeEscalationPolicy(tuned, { webhookUrl: null, webhookSecret: null });
    expect(hasExternalChannel(cleared)).toBe(false);
    const numbers = mergeEscalationPolicy(cleared, {
      onCallNumbers: ['5511988887777', '5511988887777'],
      onCallTemplate: { name: 'plantao_alerta', language: 'pt_BR' },
    });
    expect(numbers.onCallNumbers).toEqual(['5511988887777']);
  });

  it('refuses what only the merged policy shows is wrong, naming the field', () => {
    expect(() => mergeEscalationPolicy(DEFAULT_ESCALATION_POLICY, { externalAfterSeconds: 100 })).toThrow(/externalAfterSeconds/);
    expect(() => mergeEscalationPolicy(DEFAULT_ESCALATION_POLICY, { webhookUrl: 'https://p.example/x' })).toThrow(/webhookSecret/);
    expect(() => mergeEscalationPolicy(DEFAULT_ESCALATION_POLICY, { onCallNumbers: ['5511988887777'] })).toThrow(BadRequestException);
  });

  it('never shows the secret', () => {
    const policy = mergeEscalationPolicy(DEFAULT_ESCALATION_POLICY, {
      webhookUrl: 'https://p.example/x',
      webhookSecret: 'segredo-muito-longo',
    });
    expect(JSON.stringify(escalationView(policy))).not.toContain('segredo');
    expect(escalationView(policy).webhookSecretSet).toBe(true);
  });

  it('hours in the tenant zone, overnight ranges included; none means always', () => {
    const at = (iso: string) => Date.parse(iso);
    // 10:30 in São Paulo (UTC−3) is 13:30 UTC.
    expect(withinHours({ from: '07:00', to: '19:00' }, at('2026-12-01T13:30:00Z'), 'America/Sao_Paulo')).toBe(true);
    expect(withinHours({ from: '07:00', to: '19:00' }, at('2026-12-01T23:30:00Z'), 'America/Sao_Paulo')).toBe(false);
    expect(withinHours({ from: '22:00', to: '06:00' }, at('2026-12-02T04:00:00Z'), 'America/Sao_Paulo')).toBe(true);
    expect(withinHours({ from: '22:00', to: '06:00' }, at('2026-12-01T15:00:00Z'), 'America/Sao_Paulo')).toBe(false);
    expect(withinHours({ from: '07:00', to: '19:00' }, at('2026-12-01T22:00:00Z'), 'America/Sao_Paulo')).toBe(false);
    expect(withinHours({ from: '07:00', to: '19:00' }, at('2026-12-01T21:59:00Z'), 'America/Sao_Paulo')).toBe(true);
    expect(withinHours(undefined, at('2026-12-01T03:00:00Z'), 'America/Sao_Paulo')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { AlertPayloadSchema, HandshakeAuthSchema } from '../index';

describe('shared schemas', () => {
  it('handshake auth never carries a tenant: unknown keys are stripped', () => {
    const parsed = HandshakeAuthSchema.parse({ token: 't', lastSeq: '3', tenantId: 'other' });
    expect(parsed).toEqual({ token: 't', lastSeq: 3 });
  });

  it('alert payload needs a positive seq', () => {
    const base = {
      id: 'a1',
      seq: 1,
      tenantId: 't1',
      patientId: 'p1',
      patientName: 'Ana',
      type: 'critical_symptom',
      severity: 'critical',
      message: 'febre',
      timestamp: new Date().toISOString(),
      readBy: [],
    };
    expect(AlertPayloadSchema.safeParse(base).success).toBe(true);
    expect(AlertPayloadSchema.safeParse({ ...base, seq: 0 }).success).toBe(false);
  });
});

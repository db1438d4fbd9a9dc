import { describe, expect, it } from 'vitest';
import { formatAlertNotification, patientInitials } from './notification-format';

const alert = {
  id: 'a1',
  patientName: 'José Carlos dos Santos',
  severity: 'critical' as const,
  type: 'vital_signs' as const,
  message: 'José com saturação 85%',
  bed: '7B',
};

describe('patientInitials', () => {
  it.each([
    ['Maria da Silva Souza', 'M.S.S.'],
    ['José Carlos dos Santos', 'J.C.S.'],
    ['  ana   de   oliveira ', 'A.O.'],
    ['Élida Ñúñez', 'É.Ñ.'],
    ['Da Costa', 'D.C.'],
    ['', '?'],
  ])('%j → %s', (name, initials) => {
    expect(patientInitials(name)).toBe(initials);
  });
});

describe('formatAlertNotification', () => {
  it('names the patient and quotes the message when privacy mode is off', () => {
    expect(formatAlertNotification(alert, { privacyMode: false })).toEqual({
      id: 'a1',
      alertId: 'a1',
      urgency: 'critical',
      title: 'Alerta crítico — José Carlos dos Santos (Leito 7B)',
      body: 'Sinais vitais: José com saturação 85%',
    });
  });

  it('shows only initials, bed and alert type in privacy mode', () => {
    const shown = formatAlertNotification(alert, { privacyMode: true });
    expect(shown).toMatchObject({ title: 'Alerta crítico — Leito 7B', body: 'Paciente J.C.S. — Sinais vitais' });
    expect(JSON.stringify(shown)).not.toMatch(/José|Carlos|Santos|saturação/);
  });

  it('works without a bed, in English, and maps severity to urgency', () => {
    const shown = formatAlertNotification({ ...alert, bed: undefined, severity: 'medium' }, { privacyMode: true, locale: 'en' });
    expect(shown).toMatchObject({ title: 'Medium alert', body: 'Patient J.C.S. — Vital signs', urgency: 'normal' });
    expect(formatAlertNotification({ ...alert, severity: 'high' }, { privacyMode: false }).urgency).toBe('critical');
    expect(formatAlertNotification({ ...alert, severity: 'low' }, { privacyMode: false }).urgency).toBe('low');
  });

  it('keeps a long message to a notification-sized body', () => {
    const { body } = formatAlertNotification({ ...alert, message: 'x'.repeat(1000) }, { privacyMode: false });
    expect(body.length).toBeLessThanOrEqual(240);
    expect(body.endsWith('…')).toBe(true);
  });
});

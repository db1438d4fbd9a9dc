import { describe, expect, it } from 'vitest';
import { coreMessages } from './i18n';
import {
  bedOf,
  catchUpNotification,
  connectionLostNotification,
  connectionRestoredNotification,
  criticalReminderNotification,
  escalatedNotification,
  formatAlertNotification,
  patientInitials,
} from './notification-text';

const alert = {
  id: 'a1',
  patientName: 'Maria Aparecida da Silva',
  severity: 'critical' as const,
  type: 'critical_symptom' as const,
  message: 'Paciente relata dor no peito e falta de ar',
  bed: '12A',
};

describe('notification text', () => {
  it('initials skip name particles', () => {
    expect(patientInitials('Maria Aparecida da Silva')).toBe('M.A.S.');
    expect(patientInitials('  josé   de  souza ')).toBe('J.S.');
    expect(patientInitials('')).toBe('?');
  });

  it('full text when privacy mode is off', () => {
    expect(formatAlertNotification(alert, { privacyMode: false })).toEqual({
      id: 'a1',
      alertId: 'a1',
      title: 'Alerta crítico — Maria Aparecida da Silva (Leito 12A)',
      body: 'Sintoma crítico: Paciente relata dor no peito e falta de ar',
      urgency: 'critical',
    });
  });

  it('privacy mode: initials and bed, never the name or the free-text message', () => {
    const shown = formatAlertNotification(alert, { privacyMode: true });
    expect(shown.title).toBe('Alerta crítico — Leito 12A');
    expect(shown.body).toBe('Paciente M.A.S. — Sintoma crítico');
    const text = `${shown.title} ${shown.body}`;
    expect(text).not.toContain('Maria');
    expect(text).not.toContain('Silva');
    expect(text).not.toContain('dor no peito');
  });

  it('English, and no bed', () => {
    const shown = formatAlertNotification({ ...alert, bed: undefined, severity: 'high' }, { privacyMode: true, locale: 'en' });
    expect(shown).toMatchObject({ title: 'High alert', body: 'Patient M.A.S. — Critical symptom', urgency: 'critical' });
  });

  it('long messages are cut', () => {
    const shown = formatAlertNotification({ ...alert, message: 'x'.repeat(1000) }, { privacyMode: false });
    expect(shown.body.length).toBe(240);
    expect(shown.body.endsWith('…')).toBe(true);
  });

  it('bed: the patient record first, then the alert metadata', () => {
    expect(bedOf('12A', { bed: '99' })).toBe('12A');
    expect(bedOf(undefined, { bed: ' 14B ' })).toBe('14B');
    expect(bedOf(undefined, { bed: 7 })).toBe('7');
    expect(bedOf(undefined, { bed: {} })).toBeUndefined();
    expect(bedOf(undefined, undefined)).toBeUndefined();
  });

  it('core notifications, pt-BR first with English variants', () => {
    expect(catchUpNotification(3, true).body).toBe('3 alertas recebidos enquanto desconectado');
    expect(catchUpNotification(3, false, 'en').body).toBe('3 alerts received while disconnected');
    expect(catchUpNotification(1, false).body).toBe('1 alerta recebido enquanto desconectado');
    expect(connectionLostNotification()).toMatchObject({ title: 'Conexão perdida com o servidor Plantão', urgency: 'critical' });
    expect(connectionRestoredNotification()).toMatchObject({ title: 'Conexão restabelecida', id: connectionLostNotification().id });
    expect(connectionRestoredNotification('en').title).toBe('Connection restored');
  });

  it('escalated (issue #9): the alert’s own notification says ESCALADO, level 2 that the on-call staff were called', () => {
    const shown = formatAlertNotification(alert, { privacyMode: true });
    expect(escalatedNotification(shown, 1)).toMatchObject({
      id: 'a1',
      alertId: 'a1',
      title: 'ESCALADO — Alerta crítico — Leito 12A',
      body: shown.body,
      urgency: 'critical',
    });
    expect(escalatedNotification(shown, 2).title).toBe('ESCALADO (plantão externo avisado) — Alerta crítico — Leito 12A');
    expect(escalatedNotification(shown, 1, 'en').title).toBe('ESCALATED — Alerta crítico — Leito 12A');
    expect(criticalReminderNotification(3, 'pt-BR', 1)).toMatchObject({
      title: 'ESCALADO — Alertas críticos sem confirmação',
      body: '3 alertas críticos aguardam confirmação — 1 ESCALADO',
    });
    expect(criticalReminderNotification(3, 'en', 2).body).toBe('3 critical alerts await acknowledgement — 2 ESCALATED');
    expect(criticalReminderNotification(2).title).toBe('Alertas críticos sem confirmação');
  });

  it('every locale has every string', () => {
    expect(Object.keys(coreMessages('en')).sort()).toEqual(Object.keys(coreMessages('pt-BR')).sort());
  });
});

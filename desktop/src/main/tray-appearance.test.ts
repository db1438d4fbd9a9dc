import { describe, expect, it } from 'vitest';
import type { TrayState } from '../core/ports';
import { trayAppearance } from './tray-appearance';

const state = (fields: Partial<TrayState>): TrayState => ({ connection: 'connected', unread: 0, unacknowledgedCritical: 0, ...fields });

describe('trayAppearance', () => {
  it('connected, nothing pending: the connected icon and no count', () => {
    expect(trayAppearance(state({}))).toEqual({ icon: 'connected', tooltip: 'Plantão — Conectado', title: '' });
  });

  it.each(['disconnected', 'connecting'] as const)('%s: the disconnected icon, and the tooltip says so', (connection) => {
    const look = trayAppearance(state({ connection }));
    expect(look.icon).toBe('disconnected');
    expect(look.tooltip).toContain(connection === 'connecting' ? 'Conectando' : 'Sem conexão');
  });

  it('unread alerts: the count in the title and tooltip', () => {
    const look = trayAppearance(state({ unread: 3 }));
    expect(look).toEqual({ icon: 'connected', tooltip: 'Plantão — Conectado — 3 alertas não lidos', title: '3' });
    expect(trayAppearance(state({ unread: 1 })).tooltip).toContain('1 alerta não lido');
  });

  it('an unacknowledged critical alert wins over connected and disconnected', () => {
    expect(trayAppearance(state({ unread: 2, unacknowledgedCritical: 1 })).icon).toBe('critical');
    const lost = trayAppearance(state({ connection: 'disconnected', unread: 1, unacknowledgedCritical: 2 }));
    expect(lost.icon).toBe('critical');
    expect(lost.tooltip).toBe('Plantão — Sem conexão com o servidor — 1 alerta não lido — 2 críticos sem confirmação');
  });

  it('mentions silenced alarms only while the silence lasts', () => {
    expect(trayAppearance(state({ silencedUntil: 2_000 }), 'pt-BR', 1_000).tooltip).toContain('alarmes silenciados');
    expect(trayAppearance(state({ silencedUntil: 2_000 }), 'pt-BR', 3_000).tooltip).not.toContain('silenciados');
  });

  it('speaks English when the station is set to it', () => {
    expect(trayAppearance(state({ unread: 2, unacknowledgedCritical: 1 }), 'en').tooltip).toBe(
      'Plantão — Connected — 2 unread alerts — 1 unacknowledged critical',
    );
  });
});

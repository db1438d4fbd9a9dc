import { describe, expect, it, vi } from 'vitest';
import type { TrayState } from '../../src/core/ports';
import { createStationTray } from '../../src/main/tray';
import { trayAppearance } from '../../src/main/tray-appearance';
import { createTrayIcons } from '../../src/main/tray-icons';
import { trayStateOf } from '../../src/main/tray-state';
import { nativeImage, Tray } from './fake-electron';
import { alert, emptyState, memoryLogger } from './helpers';

vi.mock('electron', () => import('./fake-electron'));

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

describe('trayStateOf', () => {
  it('counts alerts unread by me and critical ones nobody acknowledged', () => {
    const result = trayStateOf(
      emptyState({
        connection: 'disconnected',
        silencedUntil: 99,
        alerts: {
          a: alert('a'),
          b: alert('b', { readByMe: true }),
          c: alert('c', { severity: 'high' }),
          d: alert('d', { readByMe: true, acknowledgedBy: 'u2', acknowledgedAt: '2025-01-01T10:01:00.000Z' }),
        },
      }),
    );
    expect(result).toEqual({ connection: 'disconnected', unread: 2, unacknowledgedCritical: 2, silencedUntil: 99 });
  });
});

describe('station tray', () => {
  it('shows the state and offers open / silence / quit', () => {
    const onOpen = vi.fn();
    const onSilence = vi.fn();
    const onQuit = vi.fn();
    const tray = createStationTray({ iconFor: (kind) => ({ kind }) as never, locale: () => 'pt-BR', onOpen, onSilence, onQuit });
    const fake = Tray.instances.at(-1)!;

    tray.update(state({ unread: 4, unacknowledgedCritical: 1 }));
    expect(fake.image).toEqual({ kind: 'critical' });
    expect(fake.tooltip).toContain('4 alertas não lidos');
    expect(fake.title).toBe('4');
    expect(fake.menu?.items.map((item) => item.label ?? item.type)).toEqual([
      'Abrir Plantão',
      'Silenciar alarmes por 2 min',
      'separator',
      'Sair',
    ]);

    fake.menu?.items[1]?.click?.();
    expect(onSilence).toHaveBeenCalledOnce();
    fake.menu?.items[3]?.click?.();
    expect(onQuit).toHaveBeenCalledOnce();
    fake.emit('click');
    expect(onOpen).toHaveBeenCalledOnce();

    tray.update(state({}));
    expect(fake.image).toEqual({ kind: 'connected' });
    expect(fake.title).toBe('');
  });

  it('draws a dot when an icon file is missing, so the tray is never blank', () => {
    const iconFor = createTrayIcons('/nowhere');
    const image = iconFor('critical') as unknown as { drawn: boolean; width: number };
    expect(image).toMatchObject({ drawn: true, width: 16 });
    expect(nativeImage.createFromPath).toHaveBeenCalledWith('/nowhere/icons/tray-critical.png');
    expect(iconFor('critical')).toBe(image);
  });

  it('warns once per missing icon file, and not when the file loads', () => {
    const log = memoryLogger();
    const iconFor = createTrayIcons('/nowhere', log);
    iconFor('connected');
    iconFor('connected');
    iconFor('critical');
    expect(log.lines.filter((line) => line.level === 'warn').map((line) => line.file)).toEqual([
      '/nowhere/icons/tray-connected.png',
      '/nowhere/icons/tray-critical.png',
    ]);

    nativeImage.createFromPath.mockImplementationOnce((path: string) => ({ path, isEmpty: () => false }) as never);
    const quiet = memoryLogger();
    expect(createTrayIcons('/app/assets', quiet)('connected')).toMatchObject({ path: '/app/assets/icons/tray-connected.png' });
    expect(quiet.lines).toEqual([]);
  });
});

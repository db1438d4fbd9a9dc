import { describe, expect, it, vi } from 'vitest';
import type { TrayState } from '../core/ports';
import { createStationTray } from './tray';
import { createTrayIcons } from './tray-icons';
import { nativeImage, Tray } from '../../test/support/fake-electron';
import { memoryLogger } from '../../test/support/main-fakes';

vi.mock('electron', () => import('../../test/support/fake-electron'));

const state = (fields: Partial<TrayState>): TrayState => ({ connection: 'connected', unread: 0, unacknowledgedCritical: 0, ...fields });

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

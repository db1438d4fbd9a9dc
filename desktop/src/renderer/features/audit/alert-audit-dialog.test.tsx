import type { AlertAuditEntry } from '@plantao/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createFakeDesktopApi } from '../../test-support/fake-desktop-api';
import { byId, makeAlert, makePatient } from '../../test-support/fixtures';
import { renderStation, settle } from '../../test-support/render-station';

const ENTRIES: AlertAuditEntry[] = [
  { userId: 'u-ana', userName: 'Ana Souza', action: 'ack', at: '2025-03-10T17:06:00Z' },
  { userId: 'u-bruno', action: 'delivered', at: '2025-03-10T16:58:01Z', stationId: 's-2', stationName: 'ENF-3A' },
  { userId: 'u-ana', userName: 'Ana Souza', action: 'delivered', at: '2025-03-10T16:58:00Z', stationId: 's-1' },
  { userId: 'system', action: 'escalated', at: '2025-03-10T17:00:00Z', detail: 'level 1: ack_timeout' },
  { userId: 'system', action: 'notified', at: '2025-03-10T17:05:00Z', detail: 'webhook' },
  { userId: 'u-bruno', action: 'read', at: '2025-03-10T17:01:00Z' },
  { userId: 'system', action: 'escalated', at: '2025-03-10T17:05:00Z', detail: 'external_timeout' },
  { userId: 'x', action: 'archived', at: '2025-03-10T17:07:00Z' },
];

async function openAudit(entries: AlertAuditEntry[] | Error, locale: 'pt-BR' | 'en' = 'pt-BR') {
  const fake = createFakeDesktopApi({
    alerts: byId(makeAlert({ id: 'a1', message: 'Febre 39,4 e calafrios' })),
    patients: byId(makePatient({ id: 'p-1', bed: '12' })),
  });
  fake.settings = { ...fake.settings, locale };
  fake.getAlertAudit = vi.fn(async () => {
    if (entries instanceof Error) throw entries;
    return entries;
  });
  const station = await renderStation(fake);
  const region = screen.getByRole('region', { name: locale === 'en' ? 'Alerts' : 'Alertas' });
  await userEvent.setup().click(within(region).getByRole('button', { name: locale === 'en' ? 'History' : 'Histórico' }));
  await settle();
  return { station, dialog: screen.getByRole('dialog', { name: locale === 'en' ? 'Alert history' : 'Histórico do alerta' }) };
}

describe('the alert history (audit)', () => {
  it('lists receipts with the station name, reads, acknowledgement, escalations and notices, oldest first', async () => {
    const { station, dialog } = await openAudit(ENTRIES);
    expect(station.api.getAlertAudit).toHaveBeenCalledWith('a1');
    expect(within(dialog).getByText('Leito 12 · Maria da Silva — Febre 39,4 e calafrios')).toBeInTheDocument();
    expect(
      within(dialog)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      '13:58 Entregue à estação s-1 (Ana Souza)',
      '13:58 Entregue à estação ENF-3A (Bruno Lima)',
      '14:00 Escalado: nível 1: ninguém reconheceu a tempo',
      '14:01 Lida por Bruno Lima',
      '14:05 Plantão externo avisado: webhook',
      '14:05 Escalado: ainda sem reconhecimento, plantão externo chamado',
      '14:06 Reconhecido por Ana Souza',
      '14:07 archived',
    ]);
  });

  it('in English', async () => {
    const { dialog } = await openAudit(ENTRIES.slice(1, 5), 'en');
    expect(
      within(dialog)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      '13:58 Delivered to station s-1 (Ana Souza)',
      '13:58 Delivered to station ENF-3A (Bruno Lima)',
      '14:00 Escalated: level 1: nobody acknowledged in time',
      '14:05 On-call notified: webhook',
    ]);
  });

  it('says so when nothing is recorded, or when the history cannot be read, and closes', async () => {
    const empty = await openAudit([]);
    expect(within(empty.dialog).getByText('Nada registrado ainda.')).toBeInTheDocument();
    await userEvent.setup().click(within(empty.dialog).getByRole('button', { name: 'Fechar' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    empty.station.unmount();

    const failed = await openAudit(new Error('[not_logged_in] no session'));
    expect(within(failed.dialog).getByRole('alert')).toHaveTextContent('Não foi possível carregar o histórico.');
  });
});

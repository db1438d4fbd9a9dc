import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeDesktopApi } from '../../test-support/fake-desktop-api';
import { byId, makeAlert, makePatient, minutesAgo } from '../../test-support/fixtures';
import { renderStation } from '../../test-support/render-station';

const pinned = () => screen.queryByRole('region', { name: 'Críticos não reconhecidos' });

describe('the pinned strip of unacknowledged critical alerts', () => {
  const api = () =>
    createFakeDesktopApi({
      alerts: byId(
        makeAlert({ id: 'crit', message: 'Febre 39,4 e calafrios', timestamp: minutesAgo(2) }),
        makeAlert({ id: 'acked', message: 'Queda do leito', acknowledgedBy: 'u-bruno', acknowledgedAt: minutesAgo(1) }),
        makeAlert({ id: 'old', message: 'Vômitos desde ontem', historical: true, timestamp: minutesAgo(60 * 20) }),
        makeAlert({ id: 'high', severity: 'high', message: 'Dor forte' }),
      ),
      patients: byId(makePatient({ id: 'p-1', bed: '12' })),
    });

  it('pins only critical alerts nobody acknowledged that are not historical', async () => {
    await renderStation(api());
    const articles = within(pinned()!).getAllByRole('article');
    expect(articles).toHaveLength(1);
    const [article] = articles;
    expect(article).toHaveAccessibleName('CRÍTICO Leito 12 Maria da Silva');
    expect(within(article!).getByText('Febre 39,4 e calafrios')).toBeInTheDocument();
    expect(within(article!).getByText('há 2 min')).toBeInTheDocument();
    expect(within(article!).getByRole('button', { name: 'Reconhecer' })).toBeInTheDocument();
    expect(within(article!).getByRole('button', { name: 'Abrir conversa' })).toBeInTheDocument();
  });

  it('counts the waiting criticals when there is more than one', async () => {
    const fake = api();
    fake.snapshot.alerts['crit2'] = makeAlert({ id: 'crit2', seq: 9, message: 'Convulsão' });
    await renderStation(fake);
    expect(within(pinned()!).getByText('2 críticos aguardando reconhecimento')).toBeInTheDocument();
    expect(
      within(pinned()!)
        .getAllByRole('article')
        .map((a) => a.querySelector('.pinned-alert__message')?.textContent),
    ).toEqual(['Convulsão', 'Febre 39,4 e calafrios']);
  });

  it('acknowledges from the strip, and the strip goes when the core says it is acknowledged', async () => {
    const station = await renderStation(api());
    await userEvent.setup().click(within(pinned()!).getByRole('button', { name: 'Reconhecer' }));
    expect(station.api.ackAlert).toHaveBeenCalledWith('crit');
    expect(pinned()).toBeInTheDocument();
    station.push((s) => ({
      ...s,
      alerts: { ...s.alerts, crit: { ...s.alerts['crit']!, acknowledgedBy: 'u-ana', acknowledgedAt: minutesAgo(0) } },
    }));
    expect(pinned()).not.toBeInTheDocument();
    // Still listed in Alertas: nothing is lost.
    expect(within(screen.getByRole('region', { name: 'Alertas' })).getByText('Febre 39,4 e calafrios')).toBeInTheDocument();
  });

  it('opens the patient conversation', async () => {
    const station = await renderStation(api());
    await userEvent.setup().click(within(pinned()!).getByRole('button', { name: 'Abrir conversa' }));
    expect(station.api.subscribePatient).toHaveBeenCalledWith('p-1');
    expect(
      within(screen.getByRole('region', { name: 'Conversa' })).getByRole('heading', { name: 'Leito 12 Maria da Silva' }),
    ).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Conversa' })).toHaveFocus());
  });
});

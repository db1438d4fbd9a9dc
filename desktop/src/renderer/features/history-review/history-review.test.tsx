import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeDesktopApi } from '../../test-support/fake-desktop-api';
import { byId, makeAlert, minutesAgo } from '../../test-support/fixtures';
import { renderStation } from '../../test-support/render-station';

describe('history review of old alerts', () => {
  const api = () =>
    createFakeDesktopApi({
      alerts: byId(
        makeAlert({ id: 'h1', message: 'Vômitos desde ontem', historical: true, timestamp: minutesAgo(60 * 20) }),
        makeAlert({ id: 'h2', severity: 'high', message: 'Diarreia', historical: true, timestamp: minutesAgo(60 * 15) }),
        makeAlert({ id: 'h3', message: 'Já revisado', historical: true, acknowledgedBy: 'u-ana', acknowledgedAt: minutesAgo(5) }),
      ),
    });

  it('sums up the unacknowledged old alerts, pins none of them, and still lists them in Alertas', async () => {
    await renderStation(api());
    expect(screen.getByText('2 alertas antigos para revisar')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Críticos não reconhecidos' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Silenciar 2 min' })).not.toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Alertas' })).getByText('Vômitos desde ontem')).toBeInTheDocument();
  });

  it('opens the list to review and acknowledge them', async () => {
    const station = await renderStation(api());
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Revisar alertas antigos' }));
    const dialog = screen.getByRole('dialog', { name: 'Alertas antigos' });
    const articles = within(dialog).getAllByRole('article');
    expect(articles.map((a) => a.querySelector('.alert__message')?.textContent)).toEqual(['Diarreia', 'Vômitos desde ontem']);
    expect(within(dialog).getByText(/janela de alarme \(12 h\)/)).toBeInTheDocument();
    await user.click(within(articles[1]!).getByRole('button', { name: 'Reconhecer' }));
    expect(station.api.ackAlert).toHaveBeenCalledWith('h1');

    station.push((s) => ({
      ...s,
      alerts: Object.fromEntries(
        Object.entries(s.alerts).map(([id, a]) => [id, { ...a, acknowledgedBy: 'u-ana', acknowledgedAt: minutesAgo(0) }]),
      ),
    }));
    expect(within(dialog).getByText('Nenhum alerta antigo a revisar.')).toBeInTheDocument();
    expect(screen.queryByText(/alertas? antigos? para revisar/)).not.toBeInTheDocument();
  });

  it('"Abrir conversa" in the review closes it and opens the conversation', async () => {
    const station = await renderStation(api());
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Revisar alertas antigos' }));
    await user.click(within(screen.getByRole('dialog')).getAllByRole('button', { name: 'Abrir conversa' })[0]!);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(station.api.subscribePatient).toHaveBeenCalledWith('p-1');
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Conversa' })).toHaveFocus());
  });
});

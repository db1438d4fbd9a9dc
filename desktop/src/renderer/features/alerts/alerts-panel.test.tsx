import type { StationAlertView } from '@plantao/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeDesktopApi } from '../../test-support/fake-desktop-api';
import { byId, makeAlert, minutesAgo } from '../../test-support/fixtures';
import { renderStation } from '../../test-support/render-station';

const region = () => screen.getByRole('region', { name: 'Alertas' });
const messages = () =>
  within(region())
    .getAllByRole('article')
    .map((article) => article.querySelector('.alert__message')?.textContent);

const alerts = byId(
  makeAlert({ id: 'c-unread', message: 'crítico não lido', timestamp: minutesAgo(1) }),
  makeAlert({ id: 'h-read', severity: 'high', message: 'alto lido', timestamp: minutesAgo(2), readByMe: true, readBy: ['u-ana'] }),
  makeAlert({ id: 'm-unread', severity: 'medium', message: 'médio não lido', timestamp: minutesAgo(3) }),
  makeAlert({
    id: 'c-read',
    message: 'crítico lido',
    timestamp: minutesAgo(4),
    readByMe: true,
    readBy: ['u-ana'],
    acknowledgedBy: 'u-ana',
    acknowledgedAt: minutesAgo(3),
  }),
);

describe('Alertas: filters, unread count, virtual list', () => {
  it('lists every alert newest first, and filters Não lidos and Críticos', async () => {
    await renderStation(createFakeDesktopApi({ alerts }));
    const filters = within(region()).getByRole('group', { name: 'Filtrar alertas' });
    const all = within(filters).getByRole('button', { name: 'Todos' });
    const unread = within(filters).getByRole('button', { name: 'Não lidos' });
    const critical = within(filters).getByRole('button', { name: 'Críticos' });
    expect(all).toHaveAttribute('aria-pressed', 'true');
    expect(messages()).toEqual(['crítico não lido', 'alto lido', 'médio não lido', 'crítico lido']);

    const user = userEvent.setup();
    await user.click(unread);
    expect(unread).toHaveAttribute('aria-pressed', 'true');
    expect(all).toHaveAttribute('aria-pressed', 'false');
    expect(messages()).toEqual(['crítico não lido', 'médio não lido']);

    await user.click(critical);
    expect(messages()).toEqual(['crítico não lido', 'crítico lido']);
  });

  it('shows how many alerts this nurse has not read, and follows the snapshot', async () => {
    const station = await renderStation(createFakeDesktopApi({ alerts }));
    expect(within(region()).getByText('2 não lidos')).toBeInTheDocument();
    station.push((s) => ({ ...s, alerts: { ...s.alerts, 'm-unread': { ...s.alerts['m-unread']!, readByMe: true, readBy: ['u-ana'] } } }));
    expect(within(region()).getByText('1 não lido')).toBeInTheDocument();
  });

  it('says so when a filter leaves nothing', async () => {
    await renderStation(createFakeDesktopApi({ alerts: byId(alerts['h-read']!) }));
    await userEvent.setup().click(within(region()).getByRole('button', { name: 'Não lidos' }));
    expect(within(region()).getByText('Nenhum alerta não lido.')).toBeInTheDocument();
  });

  it('renders only a window of 10,000 alerts', async () => {
    const many: Record<string, StationAlertView> = {};
    for (let i = 0; i < 10_000; i++) {
      const id = `a${i}`;
      many[id] = makeAlert({
        id,
        seq: i + 1,
        severity: 'low',
        message: `mensagem ${i}`,
        timestamp: new Date(Date.parse(minutesAgo(0)) - i * 1000).toISOString(),
      });
    }
    await renderStation(createFakeDesktopApi({ alerts: many }));
    const articles = within(region()).getAllByRole('article');
    expect(articles.length).toBeGreaterThan(3);
    expect(articles.length).toBeLessThan(40);
    expect(articles[0]).toHaveAttribute('aria-setsize', '10000');
    expect(within(region()).getByText('10000 não lidos')).toBeInTheDocument();
  });

  it('offers "N novos" when alerts arrive while the nurse is working in the list', async () => {
    const station = await renderStation(createFakeDesktopApi({ alerts: byId(alerts['m-unread']!) }));
    const user = userEvent.setup();
    await user.hover(within(region()).getByText('médio não lido'));
    station.push((s) => ({
      ...s,
      alerts: { ...s.alerts, fresh: makeAlert({ id: 'fresh', seq: 9, severity: 'low', message: 'novo alerta', timestamp: minutesAgo(0) }) },
    }));
    // The new alert is in the list (nothing is held back), and the nurse is told.
    expect(within(region()).getByText('novo alerta')).toBeInTheDocument();
    const button = within(region()).getByRole('button', { name: '1 novo alerta — mostrar' });
    await user.click(button);
    expect(within(region()).queryByRole('button', { name: /novo alerta — mostrar/ })).not.toBeInTheDocument();
  });

  it('does not announce "novos" when nobody is working in the list', async () => {
    const station = await renderStation(createFakeDesktopApi({ alerts: byId(alerts['m-unread']!) }));
    station.push((s) => ({ ...s, alerts: { ...s.alerts, fresh: makeAlert({ id: 'fresh', seq: 9, message: 'novo alerta' }) } }));
    expect(messages()[0]).toBe('novo alerta');
    expect(within(region()).queryByRole('button', { name: /mostrar/ })).not.toBeInTheDocument();
  });

  it('brings a notification’s alert into view and focuses it', async () => {
    const station = await renderStation(createFakeDesktopApi({ alerts }));
    await userEvent.setup().click(within(region()).getByRole('button', { name: 'Não lidos' }));
    station.api.openAlert('h-read');
    await station.findByText('alto lido');
    expect(within(region()).getByRole('button', { name: 'Todos' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(region()).getByRole('article', { name: /ALTO/ })).toHaveFocus();
    // Its patient's conversation opens too.
    expect(station.api.subscribePatient).toHaveBeenCalledWith('p-1');
  });
});

import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeDesktopApi } from '../../test-support/fake-desktop-api';
import { byId, makeAlert, makePatient, minutesAgo } from '../../test-support/fixtures';
import { renderStation } from '../../test-support/render-station';

const pinned = () => screen.getByRole('region', { name: 'Críticos não reconhecidos' });
const alertsRegion = () => screen.getByRole('region', { name: 'Alertas' });
const liveRegion = () => screen.getByTestId('critical-announcer');

/** Issue #9 on screen: escalated alerts, delivery receipts. */
describe('an escalated critical alert', () => {
  const api = () =>
    createFakeDesktopApi({
      alerts: byId(
        makeAlert({ id: 'newer', seq: 3, message: 'Convulsão há 5 minutos', timestamp: minutesAgo(1) }),
        makeAlert({
          id: 'esc',
          seq: 1,
          message: 'Saturação 84% e falta de ar',
          timestamp: minutesAgo(4),
          escalationLevel: 1,
          escalatedAt: '2025-03-10T16:58:00Z',
          deliveredTo: 2,
        }),
        makeAlert({ id: 'plain', seq: 2, severity: 'high', message: 'Dor forte', timestamp: minutesAgo(2) }),
      ),
      patients: byId(makePatient({ id: 'p-1', bed: '12' })),
    });

  it('is pinned first with an "Escalado" badge that is part of its accessible name', async () => {
    await renderStation(api());
    const articles = within(pinned()).getAllByRole('article');
    expect(articles.map((a) => a.querySelector('.pinned-alert__message')?.textContent)).toEqual([
      'Saturação 84% e falta de ar',
      'Convulsão há 5 minutos',
    ]);
    expect(articles[0]).toHaveAccessibleName('CRÍTICO Escalado Leito 12 Maria da Silva');
    expect(articles[1]).toHaveAccessibleName('CRÍTICO Leito 12 Maria da Silva');
    const badge = within(articles[0]!).getByText('Escalado', { exact: true });
    // Why, and since when, on hover: 16:58 UTC is 13:58 in São Paulo.
    expect(badge.closest('.escalation')).toHaveAttribute(
      'title',
      'Ninguém reconheceu a tempo: todas as estações tocam mais alto (às 13:58).',
    );
  });

  it('comes first in Alertas too, with the badge and "Entregue a 2 estações"', async () => {
    await renderStation(api());
    const articles = within(alertsRegion()).getAllByRole('article');
    expect(articles[0]).toHaveAccessibleName('CRÍTICO Escalado Leito 12 Maria da Silva');
    expect(within(articles[0]!).getByText('Entregue a 2 estações')).toBeInTheDocument();
    expect(within(articles[1]!).getByText('Convulsão há 5 minutos')).toBeInTheDocument();
    expect(within(articles[1]!).queryByText(/^Entregue a/)).not.toBeInTheDocument();
  });

  it('level 2 says the on-call staff were called', async () => {
    const fake = api();
    fake.snapshot.alerts['esc'] = { ...fake.snapshot.alerts['esc']!, escalationLevel: 2 };
    await renderStation(fake);
    const [first] = within(pinned()).getAllByRole('article');
    expect(first).toHaveAccessibleName('CRÍTICO Escalado — plantão externo avisado Leito 12 Maria da Silva');
  });

  it('once acknowledged, leaves the strip and goes back to its place in time, still saying it was escalated', async () => {
    const station = await renderStation(api());
    station.push((s) => ({
      ...s,
      alerts: { ...s.alerts, esc: { ...s.alerts['esc']!, acknowledgedBy: 'u-bruno', acknowledgedAt: '2025-03-10T16:59:00Z' } },
    }));
    expect(within(pinned()).getAllByRole('article')).toHaveLength(1);
    const articles = within(alertsRegion()).getAllByRole('article');
    expect(articles.map((a) => a.querySelector('.alert__message')?.textContent)).toEqual([
      'Convulsão há 5 minutos',
      'Dor forte',
      'Saturação 84% e falta de ar',
    ]);
    expect(within(articles[2]!).getByText('Escalado')).toBeInTheDocument();
    expect(articles[2]).not.toHaveClass('alert--escalated');
  });

  it('is announced once more, as escalated, when it escalates during the shift', async () => {
    const station = await renderStation(api());
    expect(liveRegion()).toBeEmptyDOMElement();
    station.push((s) => ({
      ...s,
      alerts: { ...s.alerts, newer: { ...s.alerts['newer']!, escalationLevel: 1, escalatedAt: '2025-03-10T17:00:00Z' } },
    }));
    expect(liveRegion()).toHaveTextContent('Alerta escalado: Leito 12 · Maria da Silva — Convulsão há 5 minutos');
    const node = liveRegion().firstChild;
    station.push((s) => ({ ...s, alerts: { ...s.alerts, newer: { ...s.alerts['newer']!, deliveredTo: 3 } } }));
    expect(liveRegion().firstChild).toBe(node);
  });

  it('speaks English too', async () => {
    const fake = api();
    fake.settings = { ...fake.settings, locale: 'en' };
    await renderStation(fake);
    const articles = within(screen.getByRole('region', { name: 'Alerts' })).getAllByRole('article');
    expect(articles[0]).toHaveAccessibleName('CRITICAL Escalated Bed 12 Maria da Silva');
    expect(within(articles[0]!).getByText('Delivered to 2 stations')).toBeInTheDocument();
  });
});

describe('delivery receipts on an alert', () => {
  it('say "Entregue a 1 estação" (singular) next to read and acknowledged, and nothing before any station confirmed', async () => {
    const station = await renderStation(
      createFakeDesktopApi({
        alerts: byId(makeAlert({ id: 'a1', severity: 'medium', readBy: ['u-bruno'], readAt: { 'u-bruno': '2025-03-10T16:50:00Z' } })),
      }),
    );
    const article = within(alertsRegion()).getByRole('article');
    expect(within(article).queryByText(/Entregue a/)).not.toBeInTheDocument();
    station.push((s) => ({ ...s, alerts: { a1: { ...s.alerts['a1']!, deliveredTo: 1 } } }));
    const people = within(alertsRegion()).getByRole('list');
    expect(
      within(people)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Entregue a 1 estação', 'Lida por Bruno Lima às 13:50']);
  });
});

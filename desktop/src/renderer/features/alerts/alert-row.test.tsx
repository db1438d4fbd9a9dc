import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeDesktopApi } from '../../test-support/fake-desktop-api';
import { byId, makeAlert, makePatient, minutesAgo } from '../../test-support/fixtures';
import { renderStation } from '../../test-support/render-station';

const alertsRegion = () => screen.getByRole('region', { name: 'Alertas' });
const articleWith = (text: string) => within(alertsRegion()).getByRole('article', { name: new RegExp(text) });

describe('an alert in Alertas', () => {
  it('shows patient, bed, severity as word and icon, type, message and a relative time with the exact one', async () => {
    await renderStation(
      createFakeDesktopApi({
        alerts: byId(
          makeAlert({
            id: 'a1',
            severity: 'high',
            type: 'symptom_worsening',
            message: 'Dor torácica há 20 minutos',
            timestamp: minutesAgo(2),
          }),
        ),
        patients: byId(makePatient({ id: 'p-1', bed: '12' })),
      }),
    );
    const article = articleWith('ALTO');
    expect(article).toHaveAccessibleName('ALTO Leito 12 Maria da Silva');
    expect(within(article).getByText('ALTO')).toBeInTheDocument();
    expect(within(article).getByText('ALTO').parentElement?.querySelector('svg')).not.toBeNull();
    expect(within(article).getByText('Leito 12')).toBeInTheDocument();
    expect(within(article).getByText('Maria da Silva')).toBeInTheDocument();
    expect(within(article).getByText('Piora de sintoma')).toBeInTheDocument();
    expect(within(article).getByText('Dor torácica há 20 minutos')).toBeInTheDocument();
    const time = within(article).getByText('há 2 min');
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('dateTime', minutesAgo(2));
    // 16:58 UTC is 13:58 in São Paulo: the hospital's zone, whatever the PC's.
    expect(time.getAttribute('title')).toMatch(/13:58:00/);
  });

  it('renders an HTML message as text, never as markup', async () => {
    const html = '<img src=x onerror=alert(1)><b>negrito</b>';
    await renderStation(createFakeDesktopApi({ alerts: byId(makeAlert({ id: 'a1', severity: 'medium', message: html })) }));
    const article = articleWith('MÉDIO');
    expect(within(article).getByText(html)).toBeInTheDocument();
    expect(article.querySelector('img')).toBeNull();
    expect(article.querySelector('b')).toBeNull();
  });

  it('says who read it and who acknowledged it, at any station', async () => {
    await renderStation(
      createFakeDesktopApi({
        alerts: byId(
          makeAlert({
            id: 'a1',
            readBy: ['u-bruno', 'u-ana', 'u-gone'],
            // Bruno's and Ana's read times are known; the departed user's is not.
            readAt: { 'u-bruno': '2025-03-10T16:50:00Z', 'u-ana': '2025-03-10T16:52:00Z' },
            readByMe: true,
            acknowledgedBy: 'u-bruno',
            acknowledgedAt: '2025-03-10T16:55:00Z',
          }),
        ),
      }),
    );
    const article = articleWith('CRÍTICO');
    expect(within(article).getByText('Lida por Bruno Lima às 13:50, Ana Souza às 13:52 e u-gone')).toBeInTheDocument();
    expect(within(article).getByText('Reconhecido por Bruno Lima às 13:55')).toBeInTheDocument();
    expect(within(article).queryByRole('button', { name: 'Reconhecer' })).not.toBeInTheDocument();
    expect(within(article).queryByRole('button', { name: 'Marcar como lida' })).not.toBeInTheDocument();
  });

  it('asks the station to mark read and to acknowledge, then shows what the snapshot says', async () => {
    const station = await renderStation(createFakeDesktopApi({ alerts: byId(makeAlert({ id: 'a1', severity: 'high' })) }));
    const user = userEvent.setup();
    await user.click(within(articleWith('ALTO')).getByRole('button', { name: 'Marcar como lida' }));
    expect(station.api.markAlertRead).toHaveBeenCalledWith('a1');
    await user.click(within(articleWith('ALTO')).getByRole('button', { name: 'Reconhecer' }));
    expect(station.api.ackAlert).toHaveBeenCalledWith('a1');
    // The screen changes only when the core says so.
    expect(within(articleWith('ALTO')).getByRole('button', { name: 'Reconhecer' })).toBeInTheDocument();

    station.push((s) => ({
      ...s,
      alerts: { a1: { ...s.alerts['a1']!, readBy: ['u-ana'], readByMe: true, acknowledgedBy: 'u-ana', acknowledgedAt: minutesAgo(0) } },
    }));
    const article = articleWith('ALTO');
    expect(within(article).queryByRole('button', { name: 'Marcar como lida' })).not.toBeInTheDocument();
    expect(within(article).queryByRole('button', { name: 'Reconhecer' })).not.toBeInTheDocument();
    expect(within(article).getByText('Lida por Ana Souza')).toBeInTheDocument();
    expect(within(article).getByText(/^Reconhecido por Ana Souza/)).toBeInTheDocument();
  });

  it('says so when the station refuses an acknowledgement', async () => {
    const api = createFakeDesktopApi({ alerts: byId(makeAlert({ id: 'a1', severity: 'low' })) });
    api.ackAlert = async () => {
      throw new Error('[not_logged_in] session ended');
    };
    await renderStation(api);
    await userEvent.setup().click(within(articleWith('BAIXO')).getByRole('button', { name: 'Reconhecer' }));
    expect(within(articleWith('BAIXO')).getByRole('alert')).toHaveTextContent('Não foi possível concluir. Tente de novo.');
  });

  it('shows initials instead of the name in privacy mode, and the bed from the alert when the patient is unknown', async () => {
    const api = createFakeDesktopApi({
      alerts: byId(makeAlert({ id: 'a1', patientId: 'unknown', patientName: 'Maria da Silva Souza', metadata: { bed: '14B' } })),
    });
    api.settings = { ...api.settings, privacyMode: true };
    await renderStation(api);
    const article = articleWith('CRÍTICO');
    expect(within(article).getByText('M.S.S.')).toBeInTheDocument();
    expect(within(article).getByText('Leito 14B')).toBeInTheDocument();
    expect(within(article).queryByText(/Maria/)).not.toBeInTheDocument();
  });

  it('counts repeats of one symptom on one alert', async () => {
    await renderStation(
      createFakeDesktopApi({
        alerts: byId(makeAlert({ id: 'a1', severity: 'medium', occurrences: 3, lastOccurrenceAt: '2025-03-10T16:59:00Z' })),
      }),
    );
    const article = articleWith('MÉDIO');
    expect(within(article).getByText('×3')).toBeInTheDocument();
    expect(within(article).getByText(/3 ocorrências/)).toBeInTheDocument();
    expect(within(article).getByText(/última 13:59/)).toBeInTheDocument();
  });
});

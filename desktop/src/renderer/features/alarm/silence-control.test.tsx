import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeDesktopApi } from '../../test-support/fake-desktop-api';
import { byId, makeAlert, minutesAgo, NOW } from '../../test-support/fixtures';
import { renderStation } from '../../test-support/render-station';

const silenceButton = () => screen.queryByRole('button', { name: 'Silenciar 2 min' });

describe('silencing the alarm', () => {
  it('offers "Silenciar 2 min" while a critical alert waits, and asks the station', async () => {
    const station = await renderStation(createFakeDesktopApi({ alerts: byId(makeAlert({ id: 'a1' })) }));
    await userEvent.setup().click(silenceButton()!);
    expect(station.api.silenceAlarms).toHaveBeenCalledTimes(1);
  });

  it('offers it while the station is disconnected (the technical alarm)', async () => {
    await renderStation(createFakeDesktopApi({ connection: 'disconnected', disconnectedSince: NOW - 60_000 }));
    expect(silenceButton()).toBeInTheDocument();
  });

  it('offers nothing when nothing rings (acknowledged or historical alerts only)', async () => {
    await renderStation(
      createFakeDesktopApi({
        alerts: byId(
          makeAlert({ id: 'a1', acknowledgedBy: 'u-ana', acknowledgedAt: minutesAgo(1) }),
          makeAlert({ id: 'a2', historical: true }),
          makeAlert({ id: 'a3', severity: 'high' }),
        ),
      }),
    );
    expect(silenceButton()).not.toBeInTheDocument();
  });

  it('counts down while silenced, and stops showing it when the silence ends', async () => {
    const station = await renderStation(createFakeDesktopApi({ alerts: byId(makeAlert({ id: 'a1' })), silencedUntil: NOW + 101_500 }));
    expect(screen.getByText('Silenciado 1:42')).toBeInTheDocument();
    station.clock.advance(42_000);
    expect(screen.getByText('Silenciado 1:00')).toBeInTheDocument();
    station.clock.advance(60_000);
    expect(screen.queryByText(/Silenciado/)).not.toBeInTheDocument();
    expect(silenceButton()).toBeInTheDocument();
  });

  it('shows what the core says when a new critical alert breaks the silence', async () => {
    const station = await renderStation(createFakeDesktopApi({ alerts: byId(makeAlert({ id: 'a1' })), silencedUntil: NOW + 60_000 }));
    expect(screen.getByText('Silenciado 1:00')).toBeInTheDocument();
    station.push((s) => ({ ...s, silencedUntil: undefined, alerts: { ...s.alerts, a2: makeAlert({ id: 'a2', seq: 2 }) } }));
    expect(screen.queryByText(/Silenciado/)).not.toBeInTheDocument();
  });
});

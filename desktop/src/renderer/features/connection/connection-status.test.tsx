import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeDesktopApi } from '../../test-support/fake-desktop-api';
import { renderStation } from '../../test-support/render-station';

const BANNER = /os alertas podem não chegar/;

describe('connection status', () => {
  it('reads Conectado, with no banner', async () => {
    await renderStation(createFakeDesktopApi({ connection: 'connected' }));
    expect(screen.getByRole('status')).toHaveTextContent(/^Conectado$/);
    expect(screen.queryByText(BANNER)).not.toBeInTheDocument();
  });

  it('reads Reconectando… while connecting', async () => {
    await renderStation(createFakeDesktopApi({ connection: 'connecting' }));
    expect(screen.getByRole('status')).toHaveTextContent(/^Reconectando…$/);
  });

  it('reads "Desconectado desde HH:MM" in the hospital time zone, with a full-width banner', async () => {
    // 17:42 UTC is 14:42 in São Paulo.
    const station = await renderStation(
      createFakeDesktopApi({ connection: 'disconnected', disconnectedSince: Date.parse('2025-03-10T17:42:00Z') }),
    );
    expect(screen.getByRole('status')).toHaveTextContent(/^Desconectado desde 14:42$/);
    expect(screen.getByText('Desconectado desde 14:42 — os alertas podem não chegar')).toBeInTheDocument();

    station.push((s) => ({ ...s, connection: 'connected', disconnectedSince: undefined }));
    expect(screen.getByRole('status')).toHaveTextContent(/^Conectado$/);
    expect(screen.queryByText(BANNER)).not.toBeInTheDocument();
  });

  it('follows the hospital time zone from the station config', async () => {
    await renderStation(
      createFakeDesktopApi({
        connection: 'disconnected',
        disconnectedSince: Date.parse('2025-03-10T17:42:00Z'),
        config: { alarmWindowHours: 12, timeZone: 'America/Manaus' },
      }),
    );
    expect(screen.getByRole('status')).toHaveTextContent('Desconectado desde 13:42');
  });
});

describe('a problem the station core reports while signed in', () => {
  it('is shown under the header', async () => {
    await renderStation(createFakeDesktopApi({ lastError: 'A sessão foi recusada: entre de novo.' }));
    expect(screen.getByText('A sessão foi recusada: entre de novo.')).toBeInTheDocument();
  });
});

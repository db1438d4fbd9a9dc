import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeDesktopApi } from '../../test-support/fake-desktop-api';
import { renderStation } from '../../test-support/render-station';

const presence = () => screen.queryByRole('note');

describe('stations online in the header (issue #9)', () => {
  it('says how many stations of the hospital are online, as the server counts them', async () => {
    await renderStation(createFakeDesktopApi({ stationsOnline: 3 }));
    expect(presence()).toHaveTextContent(/^3 estações online$/);
    expect(presence()).toHaveAccessibleName('Estações online: 3, esta incluída.');
    expect(presence()).not.toHaveClass('presence--alone');
  });

  it('marks a station that is alone: no other screen rings', async () => {
    await renderStation(createFakeDesktopApi({ stationsOnline: 1 }));
    expect(presence()).toHaveTextContent(/^1 estação online — só esta$/);
    expect(presence()).toHaveAccessibleName('Estações online: só esta (1). Nenhuma outra estação toca para os alertas.');
    expect(presence()).toHaveClass('presence--alone');
  });

  it('shows the server’s 0 as it is', async () => {
    await renderStation(createFakeDesktopApi({ stationsOnline: 0 }));
    expect(presence()).toHaveTextContent('Nenhuma estação online');
    expect(presence()).toHaveAccessibleName('Nenhuma estação online');
  });

  it('shows nothing until the server said, nor while disconnected, and follows each update', async () => {
    const station = await renderStation(createFakeDesktopApi());
    expect(presence()).not.toBeInTheDocument();
    station.push((s) => ({ ...s, stationsOnline: 2 }));
    expect(presence()).toHaveTextContent('2 estações online');
    station.push((s) => ({ ...s, connection: 'disconnected', disconnectedSince: Date.parse('2025-03-10T17:42:00Z') }));
    expect(presence()).not.toBeInTheDocument();
    // The connection status stays the one role="status".
    expect(screen.getByRole('status')).toHaveTextContent(/^Desconectado desde 14:42$/);
  });

  it('in English', async () => {
    const fake = createFakeDesktopApi({ stationsOnline: 1 });
    fake.settings = { ...fake.settings, locale: 'en' };
    await renderStation(fake);
    expect(presence()).toHaveTextContent('1 station online — only this one');
  });
});

import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeDesktopApi } from '../../test-support/fake-desktop-api';
import { byId, makeAlert, makePatient } from '../../test-support/fixtures';
import { renderStation } from '../../test-support/render-station';

const liveRegion = () => screen.getByTestId('critical-announcer');

describe('the assertive live region', () => {
  const api = () =>
    createFakeDesktopApi({
      alerts: byId(makeAlert({ id: 'old', message: 'Já estava aqui' })),
      patients: byId(makePatient({ id: 'p-1', bed: '12' })),
    });

  it('is assertive and says nothing about alerts that were there at sign-in', async () => {
    await renderStation(api());
    expect(liveRegion()).toHaveAttribute('aria-live', 'assertive');
    expect(liveRegion()).toBeEmptyDOMElement();
  });

  it('announces a new critical alert once', async () => {
    const station = await renderStation(api());
    station.push((s) => ({ ...s, alerts: { ...s.alerts, a2: makeAlert({ id: 'a2', seq: 2, message: 'Febre 39,4' }) } }));
    expect(liveRegion()).toHaveTextContent('Alerta crítico: Leito 12 · Maria da Silva — Febre 39,4');
    const node = liveRegion().firstChild;

    // Later pushes (the alert read, another one of lower severity) do not repeat it.
    station.push((s) => ({
      ...s,
      alerts: {
        ...s.alerts,
        a2: { ...s.alerts['a2']!, readBy: ['u-bruno'] },
        a3: makeAlert({ id: 'a3', seq: 3, severity: 'high', message: 'Dor' }),
      },
    }));
    expect(liveRegion().firstChild).toBe(node);
    expect(liveRegion()).toHaveTextContent('Febre 39,4');
    expect(liveRegion()).not.toHaveTextContent('Dor');
  });

  it('announces the next one with a new node, and never a historical alert', async () => {
    const station = await renderStation(api());
    station.push((s) => ({ ...s, alerts: { ...s.alerts, a2: makeAlert({ id: 'a2', seq: 2, message: 'Primeiro' }) } }));
    const first = liveRegion().firstChild;
    station.push((s) => ({ ...s, alerts: { ...s.alerts, a3: makeAlert({ id: 'a3', seq: 3, message: 'Antigo', historical: true }) } }));
    expect(liveRegion().firstChild).toBe(first);
    station.push((s) => ({ ...s, alerts: { ...s.alerts, a4: makeAlert({ id: 'a4', seq: 4, message: 'Segundo' }) } }));
    expect(liveRegion().firstChild).not.toBe(first);
    expect(liveRegion()).toHaveTextContent('Segundo');
    expect(liveRegion()).not.toHaveTextContent('Primeiro');
  });

  it('uses initials in privacy mode', async () => {
    const fake = api();
    fake.settings = { ...fake.settings, privacyMode: true };
    const station = await renderStation(fake);
    station.push((s) => ({ ...s, alerts: { ...s.alerts, a2: makeAlert({ id: 'a2', seq: 2, message: 'Febre' }) } }));
    expect(liveRegion()).toHaveTextContent('Alerta crítico: Leito 12 · M.S. — Febre');
  });
});

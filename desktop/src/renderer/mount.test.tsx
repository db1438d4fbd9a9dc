import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mountStation } from './mount';
import { createFakeDesktopApi } from './test-support/fake-desktop-api';
import { byId, makeAlert } from './test-support/fixtures';

describe('mountStation', () => {
  it('renders the station screen from a DesktopApi and stops listening when unmounted', async () => {
    const api = createFakeDesktopApi({ alerts: byId(makeAlert({ id: 'a1', message: 'Febre alta' })) });
    const container = document.createElement('div');
    document.body.append(container);
    let unmount: () => void = () => undefined;
    await act(async () => {
      unmount = mountStation(container, api);
    });
    await waitFor(() => expect(screen.getByRole('region', { name: 'Alertas' })).toBeInTheDocument());
    expect(screen.getAllByText('Febre alta').length).toBeGreaterThan(0);
    expect(api.stateListenerCount).toBe(1);

    act(() => unmount());
    expect(container).toBeEmptyDOMElement();
    expect(api.stateListenerCount).toBe(0);
    container.remove();
  });

  it('keeps a push that arrived before getState answered (the newer state wins)', async () => {
    const api = createFakeDesktopApi({ connection: 'connecting' });
    let answer: (value: Awaited<ReturnType<typeof api.getState>>) => void = () => undefined;
    const stale = structuredClone(api.snapshot);
    api.getState = () => new Promise((resolve) => (answer = resolve));
    const container = document.createElement('div');
    document.body.append(container);
    let unmount: () => void = () => undefined;
    await act(async () => {
      unmount = mountStation(container, api);
    });
    act(() => api.push((s) => ({ ...s, connection: 'connected' })));
    await act(async () => answer(stale));
    expect(screen.getByRole('status')).toHaveTextContent('Conectado');
    act(() => unmount());
    container.remove();
  });
});

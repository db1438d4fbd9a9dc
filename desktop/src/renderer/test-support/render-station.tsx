import { act, render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { StationRoot } from '../station-root';
import { connectRendererStore, createRendererStore, type RendererStore } from '../store/create-renderer-store';
import { StationProvider } from '../store/use-plantao-store';
import { createFakeDesktopApi, type FakeDesktopApi } from './fake-desktop-api';
import { NOW } from './fixtures';
import { createManualClock, type ManualClock } from './manual-clock';

export interface RenderedStation extends RenderResult {
  api: FakeDesktopApi;
  store: RendererStore;
  clock: ManualClock;
  /** Pushes a new state, like the main process does, inside act(). */
  push: FakeDesktopApi['push'];
}

/** Lets pending promises (getState, getSettings, …) settle inside act(). */
export const settle = (): Promise<void> => act(async () => {});

/** The whole station screen over a fake DesktopApi, a fresh store and a manual clock. */
export async function renderStation(
  api: FakeDesktopApi = createFakeDesktopApi(),
  options: { now?: number } = {},
): Promise<RenderedStation> {
  return mountWith(api, options, (store, clock) => <StationRoot store={store} api={api} clock={clock} />);
}

/** One component (not the whole screen) with the providers it needs. */
export async function renderWithStation(
  ui: ReactNode,
  api: FakeDesktopApi = createFakeDesktopApi(),
  options: { now?: number } = {},
): Promise<RenderedStation> {
  return mountWith(api, options, (store, clock) => (
    <StationProvider store={store} api={api} clock={clock}>
      {ui}
    </StationProvider>
  ));
}

/** Store + manual clock + connection to the fake api, rendered; `unmount` also stops listening. */
async function mountWith(
  api: FakeDesktopApi,
  options: { now?: number },
  element: (store: ReturnType<typeof createRendererStore>, clock: ReturnType<typeof createManualClock>) => ReactNode,
): Promise<RenderedStation> {
  const store = createRendererStore(api);
  const clock = createManualClock(options.now ?? NOW);
  const stop = connectRendererStore(store, api);
  const result = render(element(store, clock));
  await settle();
  const unmount = result.unmount;
  result.unmount = () => {
    unmount();
    stop();
  };
  const push: FakeDesktopApi['push'] = (next) => act(() => api.push(next));
  return { ...result, api, store, clock, push };
}

import type { DesktopApi } from '@plantao/shared';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { StationRoot } from './station-root';
import { connectRendererStore, createRendererStore } from './store/create-renderer-store';
import { createSystemClock } from './ui/clock';
import './styles/index.css';

/**
 * Renders the station screen into `container`, driven by `api` (the Electron
 * preload's, or the browser station's web bridge). Returns the function that
 * unmounts it and stops listening to the api.
 */
export function mountStation(container: HTMLElement, api: DesktopApi): () => void {
  const store = createRendererStore(api);
  const disconnect = connectRendererStore(store, api);
  const root = createRoot(container);
  root.render(
    <StrictMode>
      <StationRoot store={store} api={api} clock={createSystemClock()} />
    </StrictMode>,
  );
  return () => {
    root.unmount();
    disconnect();
  };
}

import type { DesktopApi } from '@plantao/shared';
import { App } from './app';
import { AppErrorBoundary } from './app-error-boundary';
import { DocumentSettings } from './document-settings';
import type { RendererStore } from './store/create-renderer-store';
import { StationProvider } from './store/use-plantao-store';
import type { Clock } from './ui/clock';

/** Everything the station screen needs around App; shared by mountStation and the tests. */
export function StationRoot(props: { store: RendererStore; api: DesktopApi; clock: Clock }) {
  return (
    <StationProvider store={props.store} api={props.api} clock={props.clock}>
      <DocumentSettings />
      <AppErrorBoundary>
        <App />
      </AppErrorBoundary>
    </StationProvider>
  );
}

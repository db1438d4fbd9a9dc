import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useT } from './store/use-plantao-store';

interface State {
  failed: boolean;
}

/**
 * A rendering bug must not leave a blank screen at a nursing station: say so
 * (alarms and notifications live in the main process and keep running) and
 * offer a reload.
 */
export class AppErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The renderer has no logger of its own; the console reaches the main process log.
    // eslint-disable-next-line no-console
    console.error('station screen crashed', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? <CrashNotice /> : this.props.children;
  }
}

function CrashNotice() {
  const { t } = useT();
  return (
    <div className="crash" role="alert">
      <p>{t('app.crashed')}</p>
      <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}

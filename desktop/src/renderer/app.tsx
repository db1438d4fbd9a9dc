import { StationScreen } from './features/station/station-screen';
import { SignInScreen } from './features/sign-in/sign-in-screen';
import { usePlantaoStore, useT } from './store/use-plantao-store';

type Phase = 'loading' | 'failed' | 'signed-out' | 'signed-in';

/** Signed in means the station core has a user: the snapshot decides, never a local flag. */
export function App() {
  const phase = usePlantaoStore((state): Phase => {
    if (state.station === undefined) return state.stationLoadFailed ? 'failed' : 'loading';
    return state.station.user ? 'signed-in' : 'signed-out';
  });
  const { t } = useT();
  if (phase === 'signed-in') return <StationScreen />;
  if (phase === 'signed-out') return <SignInScreen />;
  return (
    <main className="splash">
      <p role={phase === 'failed' ? 'alert' : undefined}>{t(phase === 'failed' ? 'app.loadFailed' : 'app.loading')}</p>
      {phase === 'failed' && (
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t('app.retry')}
        </button>
      )}
    </main>
  );
}

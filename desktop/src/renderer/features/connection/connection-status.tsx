import { usePlantaoStore, useT } from '../../store/use-plantao-store';

/**
 * The one role="status" on the screen: is this station really connected?
 * If not, nothing else on screen can be trusted, so it always says so.
 */
export function ConnectionStatus() {
  const { t, clock } = useT();
  const connection = usePlantaoStore((state) => state.station?.connection ?? 'connecting');
  const since = usePlantaoStore((state) => state.station?.disconnectedSince);
  const text =
    connection === 'connected'
      ? t('connection.connected')
      : connection === 'connecting'
        ? t('connection.connecting')
        : since === undefined
          ? t('connection.disconnected')
          : t('connection.disconnectedSince', { time: clock(since) });
  return (
    <p className={`connection connection--${connection}`} role="status">
      <span className="connection__dot" aria-hidden="true" />
      {text}
    </p>
  );
}

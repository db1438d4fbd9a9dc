import { usePlantaoStore, useT } from '../../store/use-plantao-store';

/**
 * Full width, striped: a technical alarm, deliberately not a clinical colour,
 * so nobody mistakes a lost connection for a patient alarm (or the reverse).
 */
export function DisconnectedBanner() {
  const { t, clock } = useT();
  const disconnected = usePlantaoStore((state) => state.station?.connection === 'disconnected');
  const since = usePlantaoStore((state) => state.station?.disconnectedSince);
  if (!disconnected) return null;
  return (
    <div className="technical-alarm">
      <svg className="technical-alarm__icon" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
        <path
          d="M2 4.3 3.3 3 21 20.7 19.7 22l-3-3H7a5 5 0 0 1-1.2-9.85L2 4.3ZM8.4 11H7a3 3 0 0 0 0 6h7.7ZM17 7a5 5 0 0 1 2.8 9.15l-1.46-1.46A3 3 0 0 0 17 9h-4V7Zm-2.6 4H16v2h-.6Z"
          fill="currentColor"
        />
      </svg>
      <p>{since === undefined ? t('connection.bannerNoTime') : t('connection.banner', { time: clock(since) })}</p>
    </div>
  );
}

import { usePlantaoStore, useT } from '../../store/use-plantao-store';

/**
 * "3 estações online" (issue #9): how many stations of this hospital are
 * connected now, this one included, as the server counts them. Alone ("1
 * estação online — só esta") it is marked: no other screen will ring for the
 * next alert. Shown only while connected (a count from before a disconnect
 * would be a guess).
 */
export function PresenceCount() {
  const { t, plural } = useT();
  const connected = usePlantaoStore((state) => state.station?.connection === 'connected');
  const count = usePlantaoStore((state) => state.station?.stationsOnline);
  if (!connected || count === undefined) return null;
  const text = count === 0 ? t('presence.none') : plural('presence.count', count);
  return (
    <p
      className={`presence${count <= 1 ? ' presence--alone' : ''}`}
      role="note"
      aria-label={count === 0 ? text : plural('presence.label', count)}
    >
      <svg className="presence__icon" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
        <path d="M2 4h20v12H2Zm2 2v8h16V6ZM8 18h8v2H8Z" fill="currentColor" />
      </svg>
      {text}
    </p>
  );
}

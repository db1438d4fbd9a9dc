import { usePlantaoStore } from '../../store/use-plantao-store';

/**
 * What the station core wants the nurse to know while still signed in (e.g.
 * the session was refused and a new sign-in is needed before the connection
 * drops). Its words come from the core, already in the station's language.
 */
export function StationNotice() {
  const lastError = usePlantaoStore((state) => state.station?.lastError);
  if (lastError === undefined) return null;
  return <p className="station-notice">{lastError}</p>;
}

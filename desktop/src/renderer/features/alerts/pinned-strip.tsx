import { selectUnacknowledgedCritical } from '../../store/selectors';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { PinnedAlert } from './pinned-alert';

/**
 * Unacknowledged critical alerts, pinned above everything in the largest
 * type on screen until someone acknowledges them: the first question the
 * screen answers from two metres away.
 */
export function PinnedStrip() {
  const { t, plural } = useT();
  const alerts = usePlantaoStore(selectUnacknowledgedCritical);
  if (alerts.length === 0) return null;
  return (
    <section className="pinned" aria-label={t('pinned.region')}>
      {/* More than fit in the strip scroll inside it: the count says there are more. */}
      {alerts.length > 1 && <p className="pinned__count">{plural('pinned.count', alerts.length)}</p>}
      {alerts.map((alert) => (
        <PinnedAlert key={alert.id} alert={alert} />
      ))}
    </section>
  );
}

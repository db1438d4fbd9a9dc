import { selectHistoricalToReview } from '../../store/selectors';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';

/**
 * "12 alertas antigos para revisar": alerts older than the alarm window when
 * the station first saw them did not ring (a first sign-in must not fire a
 * night's worth of alarms at once), but they are never dropped either.
 */
export function HistoryReviewSummary() {
  const { plural, t } = useT();
  const count = usePlantaoStore((state) => selectHistoricalToReview(state).length);
  const openDialog = usePlantaoStore((state) => state.openDialog);
  if (count === 0) return null;
  return (
    <div className="history-summary">
      <p>{plural('history.summary', count)}</p>
      <button type="button" className="button" onClick={() => openDialog('history')}>
        {t('history.open')}
      </button>
    </div>
  );
}

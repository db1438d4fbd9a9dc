import { selectHistoricalToReview } from '../../store/selectors';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { Dialog } from '../../ui/dialog';
import { AlertList } from '../alerts/alert-list';

/** The old alerts, one by one, to read and acknowledge. */
export function HistoryReviewDialog() {
  const { t } = useT();
  const ids = usePlantaoStore(selectHistoricalToReview);
  const hours = usePlantaoStore((state) => state.station?.config.alarmWindowHours ?? 12);
  const close = usePlantaoStore((state) => state.closeDialog);
  return (
    <Dialog title={t('history.title')} onClose={close} className="history-review">
      <p id="history-explanation" className="hint">
        {t('history.explanation', { hours })}
      </p>
      <AlertList ids={ids} emptyText={t('history.done')} labelledBy="history-explanation" />
    </Dialog>
  );
}

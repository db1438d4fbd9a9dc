import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { useAsyncAction } from '../../ui/use-async-action';

/** "Marcar como lida": this nurse saw it (the alarm keeps going until someone acknowledges). */
export function MarkReadButton(props: { alertId: string }) {
  const { t } = useT();
  const markRead = useAsyncAction(usePlantaoStore((state) => state.markAlertRead));
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={markRead.pending}
        aria-busy={markRead.pending}
        onClick={() => markRead.run(props.alertId)}
      >
        {t('alerts.markRead')}
      </button>
      {markRead.failed && (
        <span className="action-error" role="alert">
          {t('alerts.actionFailed')}
        </span>
      )}
    </>
  );
}

import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { useAsyncAction } from '../../ui/use-async-action';

/** "Reconhecer": the clinical acknowledgement that stops the alarm at every station. */
export function AckButton(props: { alertId: string; className?: string }) {
  const { t } = useT();
  const ack = useAsyncAction(usePlantaoStore((state) => state.ackAlert));
  return (
    <>
      <button
        type="button"
        className={`button button--ack ${props.className ?? ''}`}
        disabled={ack.pending}
        aria-busy={ack.pending}
        onClick={() => ack.run(props.alertId)}
      >
        {t('alerts.acknowledge')}
      </button>
      {ack.failed && (
        <span className="action-error" role="alert">
          {t('alerts.actionFailed')}
        </span>
      )}
    </>
  );
}

import { usePlantaoStore, useT } from '../../store/use-plantao-store';

/**
 * "Histórico": the alert's audit (receipts, reads, acknowledgement, escalations)
 * in a dialog. Small, at the end of the type line: the action row keeps room
 * for the clinical actions at 1366 px.
 */
export function AuditButton(props: { alertId: string }) {
  const { t } = useT();
  const openAudit = usePlantaoStore((state) => state.openAudit);
  return (
    <button type="button" className="button button--audit" onClick={() => openAudit(props.alertId)}>
      {t('alerts.audit')}
    </button>
  );
}

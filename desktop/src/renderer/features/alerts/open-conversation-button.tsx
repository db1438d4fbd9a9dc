import { usePlantaoStore, useT } from '../../store/use-plantao-store';

/**
 * Opens the patient's conversation (closing a dialog it sits in, e.g. the
 * history review) and moves focus there, so the reply box is one Tab away.
 */
export function OpenConversationButton(props: { patientId: string; className?: string }) {
  const { t } = useT();
  const selectPatient = usePlantaoStore((state) => state.selectPatient);
  const closeDialog = usePlantaoStore((state) => state.closeDialog);
  return (
    <button
      type="button"
      className={`button ${props.className ?? ''}`}
      onClick={() => {
        closeDialog();
        selectPatient(props.patientId);
        // After the commit: a closing dialog hands focus back to its opener first.
        window.setTimeout(() => document.getElementById('conversation-heading')?.focus(), 0);
      }}
    >
      {t('alerts.openConversation')}
    </button>
  );
}

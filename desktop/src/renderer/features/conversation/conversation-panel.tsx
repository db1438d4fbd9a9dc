import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { PatientConversationView } from './patient-conversation-view';

/** Conversa: the selected patient's WhatsApp conversation (selected in Pacientes or from an alert). */
export function ConversationPanel() {
  const { t } = useT();
  const patientId = usePlantaoStore((state) => state.selectedPatientId);
  return (
    <section className="panel panel--conversation" aria-labelledby="conversation-heading">
      <div className="panel__header">
        {/* Focusable so "Abrir conversa" can move the nurse here. */}
        <h2 id="conversation-heading" tabIndex={-1}>
          {t('conversation.region')}
        </h2>
      </div>
      {patientId === undefined ? (
        <p className="empty">{t('conversation.noneSelected')}</p>
      ) : (
        <PatientConversationView key={patientId} patientId={patientId} />
      )}
    </section>
  );
}

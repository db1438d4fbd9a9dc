import { staffName } from '../../store/selectors';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { usePatientLabel } from '../../ui/use-patient-label';
import type { ConversationState } from './merge-conversation';

/** Whose conversation this is, and its status ("Assumida por Ana"). */
export function ConversationTitle(props: { patientId: string; state: ConversationState | undefined }) {
  const { t } = useT();
  const label = usePatientLabel();
  const patient = usePlantaoStore((state) => state.station?.patients[props.patientId]);
  const staff = usePlantaoStore((state) => state.station?.staff);
  const user = usePlantaoStore((state) => state.station?.user);
  const { state } = props;
  const status =
    state === undefined
      ? undefined
      : state.status === 'assumed'
        ? state.assumedBy === undefined
          ? t('conversation.status.assumedNoName')
          : t('conversation.status.assumed', { name: staffName(staff, user, state.assumedBy) })
        : t(`conversation.status.${state.status}`);
  return (
    <div className="conversation__title">
      <h3>
        {patient?.bed !== undefined && <span className="conversation__bed">{t('alerts.bed', { bed: patient.bed })}</span>}
        {patient?.bed !== undefined && ' '}
        <span>{label(patient?.name ?? props.patientId)}</span>
      </h3>
      {status !== undefined && <p className={`conversation__status conversation__status--${state?.status}`}>{status}</p>}
    </div>
  );
}

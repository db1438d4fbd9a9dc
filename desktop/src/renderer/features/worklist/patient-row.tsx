import { memo } from 'react';
import type { WorklistEntry } from '../../store/selectors';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { patientStatusLabel, priorityReasonLabel } from '../../ui/labels';
import { usePatientLabel } from '../../ui/use-patient-label';

/**
 * One patient: bed and name, score and category, why it changed, status,
 * "Novo". A button: click, Enter or Space opens the conversation.
 */
export const PatientRow = memo(function PatientRow(props: { entry: WorklistEntry }) {
  const translator = useT();
  const { t } = translator;
  const label = usePatientLabel();
  const { patient, priority, category } = props.entry;
  const selected = usePlantaoStore((state) => state.selectedPatientId === patient.id);
  const opened = usePlantaoStore((state) => state.openedPatientIds[patient.id] === true);
  const selectPatient = usePlantaoStore((state) => state.selectPatient);
  const isNew = patient.newAt !== undefined && !opened;
  const score = patient.priority;
  const changed = priority !== undefined && Math.round(priority.oldPriority) !== Math.round(priority.newPriority);

  return (
    <button
      type="button"
      className={`patient patient--${category ?? 'none'}${selected ? ' patient--selected' : ''}`}
      aria-current={selected ? 'true' : undefined}
      onClick={() => selectPatient(patient.id)}
    >
      <span className="patient__line">
        {patient.bed !== undefined && <span className="patient__bed">{t('alerts.bed', { bed: patient.bed })}</span>}
        {patient.bed !== undefined && ' '}
        <span className="patient__name">{label(patient.name)}</span>
        {isNew && ' '}
        {isNew && <span className="tag tag--new">{t('worklist.new')}</span>}
      </span>{' '}
      <span className="patient__line patient__line--meta">
        <span className="patient__score">
          {score === undefined ? t('worklist.noScore') : t('worklist.score', { score: Math.round(score) })}
        </span>{' '}
        {category !== undefined && <span className={`category category--${category}`}>{t(`category.${category}`)}</span>}{' '}
        <span className="patient__status">{patientStatusLabel(translator, patient.status)}</span>
      </span>{' '}
      {(priority?.reason !== undefined || changed) && (
        <span className="patient__line patient__reason">
          {changed && (
            <span className={priority.newPriority > priority.oldPriority ? 'trend trend--up' : 'trend trend--down'}>
              {t('worklist.change', { old: Math.round(priority.oldPriority), new: Math.round(priority.newPriority) })}
            </span>
          )}{' '}
          {priority?.reason !== undefined && <span>{priorityReasonLabel(translator, priority.reason)}</span>}
        </span>
      )}
    </button>
  );
});

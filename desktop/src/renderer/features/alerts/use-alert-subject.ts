import type { StationAlertView } from '@plantao/shared';
import { alertBed } from '../../store/selectors';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { usePatientLabel } from '../../ui/use-patient-label';

/** Who an alert is about, as shown: "Maria da Silva" (or "M.S." in privacy mode) and "Leito 12". */
export function useAlertSubject(alert: StationAlertView): { who: string; bed: string | undefined } {
  const { t } = useT();
  const label = usePatientLabel();
  const patient = usePlantaoStore((state) => state.station?.patients[alert.patientId]);
  const bed = alertBed(alert, patient);
  return { who: label(patient?.name ?? alert.patientName), bed: bed === undefined ? undefined : t('alerts.bed', { bed }) };
}

import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { usePatientLabel } from '../../ui/use-patient-label';

/** More than this at once (a catch-up after a reconnect) is summed up: a screen reader reading twenty alerts helps nobody. */
const MAX_READ_OUT = 3;

/**
 * The assertive live region: each new critical alert is announced once
 * ("Alerta crítico: Leito 12 · M.S. — Febre 39,4"), and again when it is
 * escalated ("Alerta escalado: …", issue #9). Which alerts are new is
 * decided in the station slice; `key` re-creates the text node so the same
 * words for a later alert are announced again.
 */
export function CriticalAnnouncer() {
  const { t, plural } = useT();
  const label = usePatientLabel();
  const announcement = usePlantaoStore((state) => state.criticalAnnouncement);
  const entries = announcement?.alerts ?? [];
  const lines = entries.slice(0, MAX_READ_OUT).map(({ alert, bed, escalated }) => {
    const who = [bed === undefined ? undefined : t('alerts.bed', { bed }), label(alert.patientName)].filter(Boolean).join(' · ');
    return t(escalated === true ? 'announce.escalated' : 'announce.critical', { who, message: alert.message });
  });
  if (entries.length > MAX_READ_OUT) lines.push(plural('announce.more', entries.length - MAX_READ_OUT));
  return (
    <div className="visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="critical-announcer">
      {announcement !== undefined && <p key={announcement.key}>{lines.join('. ')}</p>}
    </div>
  );
}

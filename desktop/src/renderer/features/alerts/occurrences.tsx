import type { StationAlertView } from '@plantao/shared';
import { useT } from '../../store/use-plantao-store';

/** Repeats of one symptom are one alert with a count (alarm fatigue), e.g. "×3 · 3 ocorrências · última há 1 min". */
export function Occurrences(props: { alert: StationAlertView }) {
  const { plural, t, clock } = useT();
  const { lastOccurrenceAt } = props.alert;
  const occurrences = props.alert.occurrences ?? 1;
  if (occurrences <= 1) return null;
  const last = lastOccurrenceAt === undefined ? Number.NaN : Date.parse(lastOccurrenceAt);
  return (
    <span className="occurrences">
      <span className="occurrences__count" aria-hidden="true">
        ×{occurrences}
      </span>{' '}
      <span className="occurrences__text">{plural('alerts.occurrences', occurrences)}</span>
      {!Number.isNaN(last) && ' · '}
      {!Number.isNaN(last) && <span className="occurrences__last">{t('alerts.lastOccurrence', { time: clock(last) })}</span>}
    </span>
  );
}

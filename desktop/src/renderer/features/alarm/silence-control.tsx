import { selectAlarmActive } from '../../store/selectors';
import { useNow, usePlantaoStore, useT } from '../../store/use-plantao-store';
import { useAsyncAction } from '../../ui/use-async-action';
import { SilenceCountdown } from './silence-countdown';

/**
 * "Silenciar 2 min" while an alarm repeats (a critical alert waits, or the
 * station is cut off), and the countdown while silenced. The core owns the
 * silence: a new critical alert ends it there, and this just shows it.
 */
export function SilenceControl() {
  const { t } = useT();
  const alarmActive = usePlantaoStore(selectAlarmActive);
  const silencedUntil = usePlantaoStore((state) => state.station?.silencedUntil);
  const silence = useAsyncAction(usePlantaoStore((state) => state.silenceAlarms));
  const now = useNow(1_000);
  const silenced = silencedUntil !== undefined && silencedUntil > now;
  if (!alarmActive && !silenced) return null;
  return (
    <div className="silence">
      {silenced && <SilenceCountdown remainingMs={silencedUntil - now} />}
      {alarmActive && (
        <button type="button" className="button button--silence" disabled={silence.pending} onClick={() => silence.run()}>
          <svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
            <path
              d="M3 9h4l5-4v14l-5-4H3Zm13.3.3 1.4-1.4L20 10.2l2.3-2.3 1.4 1.4-2.3 2.3 2.3 2.3-1.4 1.4-2.3-2.3-2.3 2.3-1.4-1.4 2.3-2.3Z"
              fill="currentColor"
            />
          </svg>
          {t('alarm.silence')}
        </button>
      )}
      {silence.failed && (
        <span className="action-error" role="alert">
          {t('alerts.actionFailed')}
        </span>
      )}
    </div>
  );
}

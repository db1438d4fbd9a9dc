import type { StationAlertView } from '@plantao/shared';
import { useT } from '../../store/use-plantao-store';

/**
 * "Escalado" (issue #9): nobody acknowledged this critical alert in time, so
 * the server escalated it and every station rings louder; at level 2 the
 * hospital's on-call staff were called too ("Escalado — plantão externo
 * avisado"). Word and icon together (never colour alone); the word is part of
 * the alert's accessible name, the explanation and time are its tooltip.
 */
export function EscalationBadge(props: { alert: StationAlertView; id: string }) {
  const { t, clock } = useT();
  const { escalationLevel, escalatedAt } = props.alert;
  if (escalationLevel === undefined) return null;
  const at =
    escalatedAt === undefined || Number.isNaN(Date.parse(escalatedAt)) ? '' : t('escalation.at', { time: clock(Date.parse(escalatedAt)) });
  const explanation = t(escalationLevel === 2 ? 'escalation.explain2' : 'escalation.explain1', { at });
  return (
    <span className={`escalation escalation--level-${escalationLevel}`} id={props.id} title={explanation}>
      <svg className="escalation__icon" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
        <path d="M12 2 22 12h-6v10H8V12H2Z" fill="currentColor" />
      </svg>
      <span className="escalation__word">{t(escalationLevel === 2 ? 'escalation.level2' : 'escalation.level1')}</span>
    </span>
  );
}

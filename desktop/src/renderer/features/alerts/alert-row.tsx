import type { StationAlertView } from '@plantao/shared';
import { memo, useEffect, useId, useRef } from 'react';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { alertTypeLabel } from '../../ui/labels';
import { RelativeTime } from '../../ui/relative-time';
import { SeverityBadge } from '../../ui/severity-badge';
import { AckButton } from './ack-button';
import { AlertPeople } from './alert-people';
import { AuditButton } from './audit-button';
import { EscalationBadge } from './escalation-badge';
import { MarkReadButton } from './mark-read-button';
import { Occurrences } from './occurrences';
import { OpenConversationButton } from './open-conversation-button';
import { useAlertSubject } from './use-alert-subject';

/**
 * One alert in the Alertas list. Reads its own alert by id, so a push that
 * changes another alert does not re-render this one. The message is
 * rendered as text, never as HTML: it comes from a patient's WhatsApp.
 */
export const AlertRow = memo(function AlertRow(props: { alertId: string; position: number; setSize: number }) {
  const alert = usePlantaoStore((state) => state.station?.alerts[props.alertId]);
  if (alert === undefined) return null;
  return <AlertArticle alert={alert} position={props.position} setSize={props.setSize} />;
});

function AlertArticle(props: { alert: StationAlertView; position: number; setSize: number }) {
  const translator = useT();
  const { t } = translator;
  const { alert } = props;
  const focusKey = usePlantaoStore((state) => (state.focusedAlert?.id === alert.id ? state.focusedAlert.key : undefined));
  const { who, bed } = useAlertSubject(alert);
  const ref = useRef<HTMLElement>(null);
  const id = useId();
  const acknowledged = alert.acknowledgedBy !== undefined;
  const alarming = !acknowledged && alert.historical !== true && (alert.severity === 'critical' || alert.severity === 'high');
  const escalated = alert.escalationLevel !== undefined;

  // A clicked notification brings its alert here: focus it, so the nurse (and the screen reader) lands on it.
  useEffect(() => {
    if (focusKey !== undefined) ref.current?.focus();
  }, [focusKey]);

  const classes = [
    'alert',
    `alert--${alert.severity}`,
    alarming && 'alert--alarming',
    escalated && !acknowledged && 'alert--escalated',
    acknowledged && 'alert--acknowledged',
    alert.readByMe && 'alert--read',
  ];
  return (
    <article
      ref={ref}
      tabIndex={-1}
      className={classes.filter(Boolean).join(' ')}
      aria-labelledby={escalated ? `${id}-severity ${id}-escalated ${id}-who` : `${id}-severity ${id}-who`}
      aria-posinset={props.position}
      aria-setsize={props.setSize}
    >
      <div className="alert__head">
        <SeverityBadge severity={alert.severity} id={`${id}-severity`} alarming={alarming} />
        <EscalationBadge alert={alert} id={`${id}-escalated`} />
        <h3 className="alert__who" id={`${id}-who`}>
          {bed !== undefined && <span className="alert__bed">{bed}</span>}
          {bed !== undefined && ' '}
          <span className="alert__name">{who}</span>
        </h3>
        <RelativeTime iso={alert.timestamp} className="alert__time" />
      </div>
      <p className="alert__type">
        {alertTypeLabel(translator, alert.type)}
        {alert.historical === true && <span className="tag tag--historical">{t('alerts.historical')}</span>}
        <Occurrences alert={alert} />
        <AuditButton alertId={alert.id} />
      </p>
      <p className="alert__message">{alert.message}</p>
      <AlertPeople alert={alert} />
      <div className="alert__actions">
        {!acknowledged && <AckButton alertId={alert.id} />}
        {!alert.readByMe && <MarkReadButton alertId={alert.id} />}
        <OpenConversationButton patientId={alert.patientId} />
      </div>
    </article>
  );
}

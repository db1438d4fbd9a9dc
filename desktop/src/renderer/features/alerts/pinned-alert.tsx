import type { StationAlertView } from '@plantao/shared';
import { memo, useId } from 'react';
import { RelativeTime } from '../../ui/relative-time';
import { SeverityBadge } from '../../ui/severity-badge';
import { AckButton } from './ack-button';
import { EscalationBadge } from './escalation-badge';
import { OpenConversationButton } from './open-conversation-button';
import { useAlertSubject } from './use-alert-subject';

/**
 * "⚠ CRÍTICO  Leito 12 · M.S. · Febre 39,4 e calafrios · há 2 min  [Reconhecer] [Abrir conversa]";
 * escalated ones (issue #9) come first in the strip and say "⬆ Escalado".
 */
export const PinnedAlert = memo(function PinnedAlert(props: { alert: StationAlertView }) {
  const { alert } = props;
  const { who, bed } = useAlertSubject(alert);
  const id = useId();
  const escalated = alert.escalationLevel !== undefined;
  return (
    <article
      className={`pinned-alert${escalated ? ' pinned-alert--escalated' : ''}`}
      aria-labelledby={escalated ? `${id}-severity ${id}-escalated ${id}-who` : `${id}-severity ${id}-who`}
    >
      <div className="pinned-alert__badges">
        <SeverityBadge severity="critical" id={`${id}-severity`} alarming />
        <EscalationBadge alert={alert} id={`${id}-escalated`} />
      </div>
      <div className="pinned-alert__text">
        <h3 className="pinned-alert__who" id={`${id}-who`}>
          {bed !== undefined && <span className="pinned-alert__bed">{bed}</span>}
          {bed !== undefined && ' '}
          <span>{who}</span>
          {(alert.occurrences ?? 1) > 1 && ' '}
          {(alert.occurrences ?? 1) > 1 && <span className="pinned-alert__count">×{alert.occurrences}</span>}
        </h3>
        {/* Time beside the name, the message on its own line: no dangling "· agora" when it wraps. */}
        <RelativeTime iso={alert.timestamp} className="pinned-alert__time" />
        <p className="pinned-alert__message">{alert.message}</p>
      </div>
      <div className="pinned-alert__actions">
        <AckButton alertId={alert.id} className="button--large" />
        <OpenConversationButton patientId={alert.patientId} className="button--large" />
      </div>
    </article>
  );
});

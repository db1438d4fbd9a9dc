import type { ConversationMessage } from '@plantao/shared';
import { useState } from 'react';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { useAsyncAction } from '../../ui/use-async-action';
import { usePatientLabel } from '../../ui/use-patient-label';

/** One message: who, when, what (a voice note says so), and for replies whether WhatsApp delivered it. */
export function MessageItem(props: {
  patientId: string;
  message: ConversationMessage;
  nurseName: string | undefined;
  onRetry(content: string): Promise<void>;
}) {
  const { t, clock, exact } = useT();
  const label = usePatientLabel();
  const patientName = usePlantaoStore((state) => state.station?.patients[props.patientId]?.name);
  const { message } = props;
  const [retried, setRetried] = useState(false);
  const retry = useAsyncAction(async () => {
    await props.onRetry(message.content);
    setRetried(true);
  });
  const at = Date.parse(message.timestamp);
  const sender =
    message.sender === 'patient'
      ? label(patientName ?? '?')
      : message.sender === 'nurse'
        ? (props.nurseName ?? t('conversation.sender.nurse'))
        : t(`conversation.sender.${message.sender}`);

  return (
    <li className={`message message--${message.sender}`}>
      <p className="message__meta">
        <span className="message__sender">{sender}</span>
        {!Number.isNaN(at) && (
          <time dateTime={message.timestamp} title={exact(at)}>
            {clock(at)}
          </time>
        )}
      </p>
      {message.isAudio === true && (
        <p className="message__voice">
          <svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
            <path
              d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1A7 7 0 0 0 19 11Z"
              fill="currentColor"
            />
          </svg>
          {t('conversation.voice')}
        </p>
      )}
      {message.content !== '' && <p className="message__content">{message.content}</p>}
      {message.deliveryStatus !== undefined && (
        <p className={`delivery delivery--${message.deliveryStatus}`}>
          {t(`conversation.delivery.${message.deliveryStatus}`)}
          {message.deliveryStatus === 'failed' && !retried && (
            <button type="button" className="button button--small" disabled={retry.pending} onClick={() => retry.run()}>
              {t('conversation.retry')}
            </button>
          )}
          {retry.failed && <span className="action-error">{t('conversation.sendFailed')}</span>}
        </p>
      )}
    </li>
  );
}

import type { ConversationMessage } from '@plantao/shared';
import { useEffect, useRef } from 'react';
import { useT } from '../../store/use-plantao-store';
import { MessageItem } from './message-item';

/** Oldest first, kept scrolled to the newest message as messages arrive. */
export function MessageList(props: {
  patientId: string;
  messages: readonly ConversationMessage[];
  nurseNames: ReadonlyMap<string, string>;
  onRetry(content: string): Promise<void>;
}) {
  const { t } = useT();
  const box = useRef<HTMLOListElement>(null);
  const count = props.messages.length;
  useEffect(() => {
    const element = box.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [count]);
  if (count === 0) return <p className="empty">{t('conversation.noMessages')}</p>;
  return (
    <ol ref={box} className="messages" tabIndex={0}>
      {props.messages.map((message) => (
        <MessageItem
          key={message.id}
          patientId={props.patientId}
          message={message}
          nurseName={props.nurseNames.get(message.id)}
          onRetry={props.onRetry}
        />
      ))}
    </ol>
  );
}

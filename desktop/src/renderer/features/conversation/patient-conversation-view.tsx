import { useT } from '../../store/use-plantao-store';
import { ConversationActions } from './conversation-actions';
import { ConversationTitle } from './conversation-title';
import { MessageList } from './message-list';
import { ReplyBox } from './reply-box';
import { usePatientConversation } from './use-patient-conversation';

export function PatientConversationView(props: { patientId: string }) {
  const { t } = useT();
  const conversation = usePatientConversation(props.patientId);
  const exists = conversation.conversationId !== undefined;
  return (
    <div className="conversation">
      <div className="conversation__bar">
        <ConversationTitle patientId={props.patientId} state={exists ? conversation.state : undefined} />
        {conversation.conversationId !== undefined && (
          <ConversationActions conversationId={conversation.conversationId} state={conversation.state} onChanged={conversation.reload} />
        )}
      </div>
      {conversation.failed && (
        <p className="notice notice--error" role="alert">
          {t('conversation.loadFailed')}
        </p>
      )}
      {conversation.phase === 'loading' && <p className="empty">{t('conversation.loading')}</p>}
      {conversation.phase === 'ready' && !exists && <p className="empty">{t('conversation.none')}</p>}
      {exists && (
        <>
          <MessageList
            patientId={props.patientId}
            messages={conversation.messages}
            nurseNames={conversation.nurseNames}
            onRetry={conversation.send}
          />
          <ReplyBox onSend={conversation.send} />
        </>
      )}
    </div>
  );
}

import { useDesktopApi, usePlantaoStore, useT } from '../../store/use-plantao-store';
import { useAsyncAction } from '../../ui/use-async-action';
import type { ConversationState } from './merge-conversation';

/** Assumir (this nurse answers it) and Resolver (nothing left to do). */
export function ConversationActions(props: { conversationId: string; state: ConversationState; onChanged(): void }) {
  const { t } = useT();
  const api = useDesktopApi();
  const userId = usePlantaoStore((state) => state.station?.user?.id);
  const { conversationId, state, onChanged } = props;
  const assume = useAsyncAction(async () => {
    await api.assumeConversation(conversationId);
    onChanged();
  });
  const resolve = useAsyncAction(async () => {
    await api.resolveConversation(conversationId);
    onChanged();
  });
  const mine = state.status === 'assumed' && state.assumedBy === userId;
  return (
    <div className="conversation__actions">
      {!mine && (
        <button type="button" className="button" disabled={assume.pending} onClick={() => assume.run()}>
          {t('conversation.assume')}
        </button>
      )}
      {state.status !== 'resolved' && (
        <button type="button" className="button" disabled={resolve.pending} onClick={() => resolve.run()}>
          {t('conversation.resolve')}
        </button>
      )}
      {(assume.failed || resolve.failed) && (
        <span className="action-error" role="alert">
          {t('conversation.actionFailed')}
        </span>
      )}
    </div>
  );
}

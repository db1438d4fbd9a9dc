import { useId, useState } from 'react';
import { useT } from '../../store/use-plantao-store';

/** The reply: Enviar (or Ctrl+Enter). The text stays if the station refused it, so nothing typed is lost. */
export function ReplyBox(props: { onSend(content: string): Promise<void> }) {
  const { t } = useT();
  const id = useId();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState(false);
  const content = text.trim();

  const send = async (): Promise<void> => {
    if (content === '' || sending) return;
    setSending(true);
    setFailed(false);
    try {
      await props.onSend(content);
      setText('');
    } catch {
      // Shown below the box; the text is kept for another try.
      setFailed(true);
    } finally {
      setSending(false);
    }
  };

  return (
    <form
      className="reply"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <label htmlFor={`${id}-text`}>{t('conversation.message')}</label>
      <textarea
        id={`${id}-text`}
        rows={2}
        maxLength={4096}
        value={text}
        aria-describedby={`${id}-hint`}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void send();
          }
        }}
      />
      <div className="reply__footer">
        <span id={`${id}-hint`} className="hint">
          {t('conversation.sendHint')}
        </span>
        {failed && (
          <span className="action-error" role="alert">
            {t('conversation.sendFailed')}
          </span>
        )}
        <button type="submit" className="button button--primary" disabled={content === '' || sending}>
          {t('conversation.send')}
        </button>
      </div>
    </form>
  );
}

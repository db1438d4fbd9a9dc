import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { useAsyncAction } from '../../ui/use-async-action';

export function SignOutButton() {
  const { t } = useT();
  const signOut = useAsyncAction(usePlantaoStore((state) => state.signOut));
  return (
    <>
      <button type="button" className="button button--header" disabled={signOut.pending} onClick={() => signOut.run()}>
        {t('header.signOut')}
      </button>
      {signOut.failed && (
        <span className="action-error" role="alert">
          {t('alerts.actionFailed')}
        </span>
      )}
    </>
  );
}

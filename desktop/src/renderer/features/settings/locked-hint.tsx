import { useT } from '../../store/use-plantao-store';

/** Why a control is disabled: IT locked it in the managed configuration. */
export function LockedHint(props: { id: string }) {
  const { t } = useT();
  return (
    <p id={props.id} className="hint hint--locked">
      <svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
        <path d="M7 10V7a5 5 0 0 1 10 0v3h2v12H5V10Zm2 0h6V7a3 3 0 0 0-6 0Z" fill="currentColor" />
      </svg>
      {t('settings.locked')}
    </p>
  );
}

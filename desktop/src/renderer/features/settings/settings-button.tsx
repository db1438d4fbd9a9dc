import { usePlantaoStore, useT } from '../../store/use-plantao-store';

export function SettingsButton() {
  const { t } = useT();
  const openDialog = usePlantaoStore((state) => state.openDialog);
  return (
    <button type="button" className="button button--header" onClick={() => openDialog('settings')}>
      <svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
        <path
          d="M19.4 13a7.5 7.5 0 0 0 0-2l2.1-1.6-2-3.5-2.5 1a7.4 7.4 0 0 0-1.7-1L15 3h-4l-.4 2.9a7.4 7.4 0 0 0-1.7 1l-2.5-1-2 3.5L6.6 11a7.5 7.5 0 0 0 0 2l-2.1 1.6 2 3.5 2.5-1a7.4 7.4 0 0 0 1.7 1L11 21h4l.4-2.9a7.4 7.4 0 0 0 1.7-1l2.5 1 2-3.5ZM13 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7Z"
          fill="currentColor"
          transform="translate(-1 0)"
        />
      </svg>
      {t('header.settings')}
    </button>
  );
}

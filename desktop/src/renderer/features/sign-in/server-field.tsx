import type { StationInfo } from '@plantao/shared';
import { useId } from 'react';
import { useT } from '../../store/use-plantao-store';

/**
 * The server address: typed by the nurse on a station's first sign-in
 * (`settings`), shown locked when IT fixed it (`managed`), absent in the
 * browser station (`origin`: the page's own server).
 */
export function ServerField(props: { info: StationInfo }) {
  const { t } = useT();
  const id = useId();
  const { serverUrlSource, serverUrl } = props.info;
  if (serverUrlSource === 'origin') return null;
  const managed = serverUrlSource === 'managed';
  return (
    <div className="field">
      <label htmlFor={id}>{t('signIn.server')}</label>
      <input
        id={id}
        name="serverUrl"
        type="url"
        inputMode="url"
        autoComplete="url"
        spellCheck={false}
        placeholder={managed ? undefined : t('signIn.serverPlaceholder')}
        defaultValue={serverUrl ?? ''}
        disabled={managed}
        readOnly={managed}
        aria-describedby={managed ? `${id}-reason` : undefined}
      />
      {managed && (
        <p id={`${id}-reason`} className="hint hint--locked">
          {t('signIn.serverManaged')}
        </p>
      )}
    </div>
  );
}

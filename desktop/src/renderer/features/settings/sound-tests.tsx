import type { SoundKind } from '@plantao/shared';
import { useState } from 'react';
import type { MessageKey } from '../../i18n/pt-BR';
import { useDesktopApi, useT } from '../../store/use-plantao-store';

const SOUNDS: readonly { kind: SoundKind; label: MessageKey }[] = [
  { kind: 'alarm-high', label: 'settings.testCritical' },
  { kind: 'alarm-medium', label: 'settings.testHigh' },
  { kind: 'alarm-technical', label: 'settings.testTechnical' },
];

/** Each alarm sound once, so a nurse can check the speakers at the start of a shift. */
export function SoundTests() {
  const { t } = useT();
  const api = useDesktopApi();
  const [failed, setFailed] = useState(false);
  return (
    <fieldset className="settings__group">
      <legend>{t('settings.sounds')}</legend>
      <div className="settings__sounds">
        {SOUNDS.map(({ kind, label }) => (
          <button
            key={kind}
            type="button"
            className="button"
            onClick={() => {
              setFailed(false);
              api.testSound(kind).catch(() => setFailed(true));
            }}
          >
            {t(label)}
          </button>
        ))}
      </div>
      {failed && (
        <p className="action-error" role="alert">
          {t('settings.soundFailed')}
        </p>
      )}
    </fieldset>
  );
}

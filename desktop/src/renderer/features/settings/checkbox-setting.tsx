import { useT } from '../../store/use-plantao-store';
import { LockedHint } from './locked-hint';
import { useSetting } from './use-setting';

/** An on/off setting (privacy mode, start at login). */
export function CheckboxSetting(props: { setting: 'privacyMode' | 'startAtLogin'; label: string; hint?: string; checked: boolean }) {
  const { t } = useT();
  const setting = useSetting(props.setting);
  const describedBy = [props.hint !== undefined ? `${setting.id}-about` : undefined, setting.locked ? setting.hintId : undefined]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field field--checkbox">
      <input
        id={setting.id}
        type="checkbox"
        checked={props.checked}
        disabled={setting.locked}
        aria-describedby={describedBy || undefined}
        onChange={(event) => setting.save({ [props.setting]: event.target.checked })}
      />
      <label htmlFor={setting.id}>{props.label}</label>
      {props.hint !== undefined && (
        <p id={`${setting.id}-about`} className="hint">
          {props.hint}
        </p>
      )}
      {setting.locked && <LockedHint id={setting.hintId} />}
      {setting.failed && (
        <p className="action-error" role="alert">
          {t('settings.saveFailed')}
        </p>
      )}
    </div>
  );
}

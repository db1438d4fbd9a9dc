import { useT } from '../../store/use-plantao-store';
import { LockedHint } from './locked-hint';
import { useSetting } from './use-setting';

/** A one-of-several setting (language, theme). */
export function SelectSetting<V extends string>(props: {
  setting: 'locale' | 'theme';
  label: string;
  value: V;
  options: readonly { value: V; label: string; lang?: string }[];
  onSave(value: V): Parameters<ReturnType<typeof useSetting>['save']>[0];
}) {
  const { t } = useT();
  const setting = useSetting(props.setting);
  return (
    <div className="field">
      <label htmlFor={setting.id}>{props.label}</label>
      <select
        id={setting.id}
        value={props.value}
        disabled={setting.locked}
        aria-describedby={setting.locked ? setting.hintId : undefined}
        onChange={(event) => setting.save(props.onSave(event.target.value as V))}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value} lang={option.lang}>
            {option.label}
          </option>
        ))}
      </select>
      {setting.locked && <LockedHint id={setting.hintId} />}
      {setting.failed && (
        <p className="action-error" role="alert">
          {t('settings.saveFailed')}
        </p>
      )}
    </div>
  );
}

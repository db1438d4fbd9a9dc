import type { Theme } from '@plantao/shared';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { SelectSetting } from './select-setting';

/** Tema: Sistema follows the OS (light by day, dark at night if the OS switches). */
export function ThemeSetting() {
  const { t } = useT();
  const theme = usePlantaoStore((state) => state.settings?.theme ?? 'system');
  const options = (['system', 'light', 'dark'] as const).map((value) => ({ value, label: t(`settings.theme.${value}`) }));
  return (
    <SelectSetting
      setting="theme"
      label={t('settings.theme')}
      value={theme}
      options={options}
      onSave={(value: Theme) => ({ theme: value })}
    />
  );
}

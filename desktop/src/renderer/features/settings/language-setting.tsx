import type { Locale } from '@plantao/shared';
import { selectLocale } from '../../store/selectors';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { SelectSetting } from './select-setting';

/** Each language in its own words, whatever language the screen is in. */
const LANGUAGES: readonly { value: Locale; label: string; lang: string }[] = [
  { value: 'pt-BR', label: 'Português (Brasil)', lang: 'pt-BR' },
  { value: 'en', label: 'English', lang: 'en' },
];

/** Idioma: the whole screen switches at once (the locale is read from settings on every render). */
export function LanguageSetting() {
  const { t } = useT();
  const locale = usePlantaoStore(selectLocale);
  return (
    <SelectSetting
      setting="locale"
      label={t('settings.language')}
      value={locale}
      options={LANGUAGES}
      onSave={(value) => ({ locale: value })}
    />
  );
}

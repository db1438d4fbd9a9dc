import { useEffect } from 'react';
import { selectLocale } from './store/selectors';
import { usePlantaoStore, useT } from './store/use-plantao-store';

/**
 * Puts the language and theme on <html>: `lang` so screen readers speak the
 * right language, `data-theme` for the CSS (`system` follows the OS through
 * prefers-color-scheme). Renders nothing.
 */
export function DocumentSettings() {
  const locale = usePlantaoStore(selectLocale);
  const theme = usePlantaoStore((state) => state.settings?.theme ?? 'system');
  const { t } = useT();
  useEffect(() => {
    const root = document.documentElement;
    root.lang = locale;
    root.dataset['theme'] = theme;
    document.title = t('app.name');
  }, [locale, theme, t]);
  return null;
}

import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { Dialog } from '../../ui/dialog';
import { CheckboxSetting } from './checkbox-setting';
import { LanguageSetting } from './language-setting';
import { SoundTests } from './sound-tests';
import { ThemeSetting } from './theme-setting';

/** Configurações: sound tests, privacy, language, theme, start at login; what IT locked is shown disabled, with why. */
export function SettingsDialog() {
  const { t } = useT();
  const close = usePlantaoStore((state) => state.closeDialog);
  const info = usePlantaoStore((state) => state.stationInfo);
  const loadFailed = usePlantaoStore((state) => state.settingsLoadFailed);
  const managed = usePlantaoStore((state) => state.managedConfig);
  const privacyMode = usePlantaoStore((state) => state.settings?.privacyMode ?? true);
  const startAtLogin = usePlantaoStore((state) => state.settings?.startAtLogin ?? false);
  return (
    <Dialog title={t('settings.title')} onClose={close} className="settings">
      {loadFailed && <p className="notice notice--error">{t('settings.loadFailed')}</p>}
      {managed?.state === 'invalid' && (
        <p className="notice notice--warning">{t('settings.managedInvalid', { error: managed.error ?? managed.path })}</p>
      )}
      <SoundTests />
      <CheckboxSetting setting="privacyMode" label={t('settings.privacy')} hint={t('settings.privacyHint')} checked={privacyMode} />
      <LanguageSetting />
      <ThemeSetting />
      {info?.supportsStartAtLogin === true && (
        <CheckboxSetting setting="startAtLogin" label={t('settings.startAtLogin')} checked={startAtLogin} />
      )}
      {info !== undefined && <p className="hint settings__version">{t('settings.version', { version: info.appVersion })}</p>}
    </Dialog>
  );
}

import type { LoginCredentials } from '@plantao/shared';
import { type FormEvent, useState } from 'react';
import type { MessageKey } from '../../i18n/pt-BR';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { SettingsButton } from '../settings/settings-button';
import { SettingsDialog } from '../settings/settings-dialog';
import { ServerField } from './server-field';
import { signInErrorKey } from './sign-in-error';

/** E-mail, Senha, (Servidor), Entrar; and why the last session ended, if it did. */
export function SignInScreen() {
  const { t } = useT();
  const info = usePlantaoStore((state) => state.stationInfo);
  const infoFailed = usePlantaoStore((state) => state.stationInfoLoadFailed);
  const loadStationInfo = usePlantaoStore((state) => state.loadStationInfo);
  const lastError = usePlantaoStore((state) => state.station?.lastError);
  const signIn = usePlantaoStore((state) => state.signIn);
  const settingsOpen = usePlantaoStore((state) => state.dialog === 'settings');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<MessageKey | undefined>(undefined);

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const serverUrl = String(form.get('serverUrl') ?? '').trim();
    if (email === '' || password === '') return setError('signIn.missingFields');
    const asksServer = info?.serverUrlSource === 'settings';
    if (asksServer && serverUrl === '') return setError('signIn.missingServer');
    const credentials: LoginCredentials = asksServer ? { email, password, serverUrl } : { email, password };
    setPending(true);
    setError(undefined);
    try {
      await signIn(credentials);
      // Success shows up as `station.user` in the next snapshot: this screen then goes away.
    } catch (reason) {
      setError(signInErrorKey(reason));
    } finally {
      setPending(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="sign-in__card" noValidate onSubmit={(event) => void submit(event)} aria-labelledby="sign-in-heading">
        <h1 id="sign-in-heading">{t('signIn.heading')}</h1>
        {/* Why the last session ended; a failed attempt right here says it in its own words below instead. */}
        {lastError !== undefined && error === undefined && <p className="notice notice--warning">{lastError}</p>}
        <div className="field">
          <label htmlFor="sign-in-email">{t('signIn.email')}</label>
          <input id="sign-in-email" name="email" type="email" autoComplete="username" required autoFocus />
        </div>
        <div className="field">
          <label htmlFor="sign-in-password">{t('signIn.password')}</label>
          <input id="sign-in-password" name="password" type="password" autoComplete="current-password" required />
        </div>
        {info !== undefined && <ServerField key={info.serverUrl ?? ''} info={info} />}
        {info === undefined && infoFailed && (
          <p className="notice notice--error">
            {t('app.loadFailed')}{' '}
            <button type="button" className="button button--small" onClick={() => void loadStationInfo()}>
              {t('app.retry')}
            </button>
          </p>
        )}
        {error !== undefined && (
          <p className="notice notice--error" role="alert">
            {t(error)}
          </p>
        )}
        <button type="submit" className="button button--primary button--wide" disabled={pending} aria-busy={pending}>
          {t('signIn.submit')}
        </button>
      </form>
      <div className="sign-in__footer">
        <SettingsButton />
      </div>
      {settingsOpen && <SettingsDialog />}
    </main>
  );
}

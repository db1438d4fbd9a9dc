import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { SilenceControl } from '../alarm/silence-control';
import { ConnectionStatus } from '../connection/connection-status';
import { PresenceCount } from '../connection/presence-count';
import { SettingsButton } from '../settings/settings-button';
import { SignOutButton } from './sign-out-button';

/** Plantão · who is on duty · connection · stations online · silence · settings · sign out. */
export function StationHeader() {
  const { t } = useT();
  const userName = usePlantaoStore((state) => state.station?.user?.name);
  return (
    <header className="station-header">
      <p className="station-header__brand">
        <svg className="station-header__logo" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
          <path d="M9 2h6v7h7v6h-7v7H9v-7H2V9h7Z" fill="currentColor" />
        </svg>
        {t('app.name')}
      </p>
      {userName !== undefined && (
        <p className="station-header__user" title={t('header.signedInAs', { name: userName })}>
          {t('header.signedInAs', { name: userName })}
        </p>
      )}
      <ConnectionStatus />
      <PresenceCount />
      <div className="station-header__actions">
        <SilenceControl />
        <SettingsButton />
        <SignOutButton />
      </div>
    </header>
  );
}

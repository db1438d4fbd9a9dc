import type { AlertAuditEntry, StationAlertView } from '@plantao/shared';
import { useEffect, useState } from 'react';
import { staffName } from '../../store/selectors';
import { useDesktopApi, usePlantaoStore, useT } from '../../store/use-plantao-store';
import { Dialog } from '../../ui/dialog';
import { useAlertSubject } from '../alerts/use-alert-subject';
import { auditEntryText } from './audit-entry-text';

/** The answer for one alert (`alertId`): anything else on screen means "still loading". */
type Loaded = { alertId: string } & ({ state: 'failed' } | { state: 'ready'; entries: readonly AlertAuditEntry[] });

/**
 * "Histórico do alerta": what the server recorded about one alert, oldest
 * first: which stations received it (issue #9), who read and acknowledged it,
 * its escalations and whom they notified. Read once when opened.
 */
export function AlertAuditDialog() {
  const translator = useT();
  const { t, clock } = translator;
  const api = useDesktopApi();
  const alertId = usePlantaoStore((state) => state.auditAlertId);
  const alert = usePlantaoStore((state) => (alertId === undefined ? undefined : state.station?.alerts[alertId]));
  const staff = usePlantaoStore((state) => state.station?.staff);
  const user = usePlantaoStore((state) => state.station?.user);
  const close = usePlantaoStore((state) => state.closeDialog);
  const [answer, setAnswer] = useState<Loaded>();
  const loaded = answer !== undefined && answer.alertId === alertId ? answer : { state: 'loading' as const };

  useEffect(() => {
    if (alertId === undefined) return;
    let current = true;
    api.getAlertAudit(alertId).then(
      (entries) => {
        if (current) setAnswer({ alertId, state: 'ready', entries: [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)) });
      },
      () => {
        if (current) setAnswer({ alertId, state: 'failed' });
      },
    );
    return () => {
      current = false;
    };
  }, [api, alertId]);

  const nameOf = (userId: string) => staffName(staff, user, userId);
  return (
    <Dialog title={t('audit.title')} onClose={close} className="audit">
      {alert !== undefined && <AuditSubject alert={alert} />}
      {loaded.state === 'loading' && <p role="status">{t('audit.loading')}</p>}
      {loaded.state === 'failed' && <p role="alert">{t('audit.loadFailed')}</p>}
      {loaded.state === 'ready' && loaded.entries.length === 0 && <p>{t('audit.empty')}</p>}
      {loaded.state === 'ready' && loaded.entries.length > 0 && (
        <ol className="audit-list">
          {loaded.entries.map((entry, index) => {
            const at = Date.parse(entry.at);
            return (
              <li
                key={`${entry.action}-${entry.at}-${entry.stationId ?? entry.userId}-${index}`}
                className={`audit-entry audit-entry--${entry.action}`}
              >
                <time className="audit-entry__time" dateTime={entry.at} title={Number.isNaN(at) ? undefined : translator.exact(at)}>
                  {Number.isNaN(at) ? entry.at : clock(at)}
                </time>{' '}
                <span className="audit-entry__text">{auditEntryText(entry, translator, nameOf)}</span>
              </li>
            );
          })}
        </ol>
      )}
    </Dialog>
  );
}

/** "Leito 12 · M.S. — Febre 39,4": which alert this is (privacy mode respected). */
function AuditSubject(props: { alert: StationAlertView }) {
  const { who, bed } = useAlertSubject(props.alert);
  return (
    <p className="audit-subject">
      {[bed, who].filter(Boolean).join(' · ')} — {props.alert.message}
    </p>
  );
}

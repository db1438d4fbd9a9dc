import { selectAlertsByFilter, selectUnreadCount } from '../../store/selectors';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { AlertFilters } from './alert-filters';
import { AlertList } from './alert-list';

/** The Alertas column: every alert the station holds (historical ones too), filtered. */
export function AlertsPanel() {
  const { t, plural } = useT();
  const filter = usePlantaoStore((state) => state.alertFilter);
  const ids = usePlantaoStore(selectAlertsByFilter);
  const unread = usePlantaoStore(selectUnreadCount);
  return (
    <section className="panel panel--alerts" aria-labelledby="alerts-heading">
      <div className="panel__header">
        <h2 id="alerts-heading">{t('alerts.region')}</h2>
        <p className={`unread-count${unread > 0 ? ' unread-count--some' : ''}`}>{plural('alerts.unread', unread)}</p>
      </div>
      <AlertFilters />
      {/* A new list per filter: scroll position and held rows belong to the filter they were taken in. */}
      <AlertList key={filter} ids={ids} emptyText={t(`alerts.empty.${filter}`)} labelledBy="alerts-heading" />
    </section>
  );
}

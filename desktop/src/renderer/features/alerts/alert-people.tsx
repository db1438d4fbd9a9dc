import type { StationAlertView } from '@plantao/shared';
import { staffName } from '../../store/selectors';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { DeliveryCount } from './delivery-count';

/**
 * "Entregue a 3 estações", "Lida por Ana às 14:02 e Bruno às 14:03",
 * "Reconhecido por Ana às 14:05": what happened to the alert at any station.
 */
export function AlertPeople(props: { alert: StationAlertView }) {
  const { t, list, clock } = useT();
  const { alert } = props;
  // staff and user are reused between snapshots, so this re-renders only when names change.
  const staff = usePlantaoStore((state) => state.station?.staff);
  const user = usePlantaoStore((state) => state.station?.user);
  const nameOf = (userId: string): string => staffName(staff, user, userId);
  const readers = alert.readBy.map((userId) => {
    const at = alert.readAt?.[userId] === undefined ? Number.NaN : Date.parse(alert.readAt[userId]);
    return Number.isNaN(at) ? nameOf(userId) : t('alerts.readerAt', { name: nameOf(userId), time: clock(at) });
  });
  const acknowledgedAt = alert.acknowledgedAt === undefined ? Number.NaN : Date.parse(alert.acknowledgedAt);
  if (readers.length === 0 && alert.acknowledgedBy === undefined && (alert.deliveredTo ?? 0) < 1) return null;
  return (
    <ul className="alert-people">
      <DeliveryCount alert={alert} />
      {readers.length > 0 && <li>{t('alerts.readBy', { names: list(readers) })}</li>}
      {alert.acknowledgedBy !== undefined && (
        <li className="alert-people__ack">
          {Number.isNaN(acknowledgedAt)
            ? t('alerts.acknowledgedBy', { name: nameOf(alert.acknowledgedBy) })
            : t('alerts.acknowledgedByAt', { name: nameOf(alert.acknowledgedBy), time: clock(acknowledgedAt) })}
        </li>
      )}
    </ul>
  );
}

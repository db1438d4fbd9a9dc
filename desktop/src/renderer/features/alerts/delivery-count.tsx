import type { StationAlertView } from '@plantao/shared';
import { useT } from '../../store/use-plantao-store';

/** "Entregue a 3 estações" (issue #9): how many stations confirmed they hold the alert; nothing until one has. */
export function DeliveryCount(props: { alert: StationAlertView; className?: string }) {
  const { plural } = useT();
  const count = props.alert.deliveredTo ?? 0;
  if (count < 1) return null;
  return <li className={props.className ?? 'alert-people__delivered'}>{plural('alerts.delivered', count)}</li>;
}

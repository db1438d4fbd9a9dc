import type { Severity } from '@plantao/shared';
import { useT } from '../store/use-plantao-store';
import { SeverityIcon } from './severity-icon';

/** Severity as colour, icon and word together (never colour alone). */
export function SeverityBadge(props: { severity: Severity; id?: string; alarming?: boolean }) {
  const { t } = useT();
  const className = `severity severity--${props.severity}${props.alarming ? ' severity--alarming' : ''}`;
  return (
    <span className={className} id={props.id}>
      <SeverityIcon severity={props.severity} className="severity__icon" />
      <span className="severity__word">{t(`severity.${props.severity}`)}</span>
    </span>
  );
}

import { useT } from '../../store/use-plantao-store';

/** "Silenciado 1:42": minutes and seconds left, rounded up (it never shows 0:00 while still silent). */
export function SilenceCountdown(props: { remainingMs: number }) {
  const { t } = useT();
  const seconds = Math.max(0, Math.ceil(props.remainingMs / 1000));
  const remaining = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return <span className="silence__countdown">{t('alarm.silenced', { remaining })}</span>;
}

import type { AlertFilter } from '../../store/ui-slice';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';

const FILTERS: readonly AlertFilter[] = ['all', 'unread', 'critical'];

/** Todos / Não lidos / Críticos as toggle buttons (aria-pressed): one is always on. */
export function AlertFilters() {
  const { t } = useT();
  const current = usePlantaoStore((state) => state.alertFilter);
  const setFilter = usePlantaoStore((state) => state.setAlertFilter);
  return (
    <div className="filters" role="group" aria-label={t('alerts.filter.group')}>
      {FILTERS.map((filter) => (
        <button key={filter} type="button" className="button filter" aria-pressed={current === filter} onClick={() => setFilter(filter)}>
          {t(`alerts.filter.${filter}`)}
        </button>
      ))}
    </div>
  );
}

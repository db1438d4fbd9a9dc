import { useCallback, useEffect, useState } from 'react';
import { selectPatientsByPriority } from '../../store/selectors';
import { useDesktopApi, usePlantaoStore, useT } from '../../store/use-plantao-store';
import { useVirtualList } from '../../ui/use-virtual-list';
import { PatientRow } from './patient-row';

const ESTIMATED_ROW_PX = 112;

/**
 * Pacientes: who needs attention next, highest priority first. The order
 * comes from the snapshot (priority updates reorder it live); the list is
 * asked for once per signed-in user so names, beds and scores are fresh.
 */
export function WorklistPanel() {
  const { t } = useT();
  const api = useDesktopApi();
  const userId = usePlantaoStore((state) => state.station?.user?.id);
  const entries = usePlantaoStore(selectPatientsByPriority);
  const [loadFailed, setLoadFailed] = useState(false);
  // Stable until the list changes: TanStack recomputes every row's position whenever this function changes.
  const getItemKey = useCallback((index: number) => entries[index]?.patient.id ?? index.toString(), [entries]);
  const { virtualizer, scrollRef } = useVirtualList({
    count: entries.length,
    estimateSize: ESTIMATED_ROW_PX,
    getItemKey,
  });

  useEffect(() => {
    if (userId === undefined) return;
    let current = true;
    // The answer lands in the snapshot (the core refreshes its patients); here only failure matters.
    api.listPatients().then(
      () => current && setLoadFailed(false),
      () => current && setLoadFailed(true),
    );
    return () => {
      current = false;
    };
  }, [api, userId]);

  return (
    <section className="panel panel--worklist" aria-labelledby="worklist-heading">
      <div className="panel__header">
        <h2 id="worklist-heading">{t('worklist.region')}</h2>
      </div>
      {loadFailed && (
        <p className="notice notice--error" role="alert">
          {t('worklist.loadFailed')}
        </p>
      )}
      {entries.length === 0 && <p className="empty">{t('worklist.empty')}</p>}
      <div ref={scrollRef} className="virtual-scroll">
        <ul className="virtual-track worklist" aria-labelledby="worklist-heading" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const entry = entries[item.index];
            return (
              entry && (
                <li
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="virtual-row"
                  style={{ transform: `translateY(${item.start}px)` }}
                  aria-posinset={item.index + 1}
                  aria-setsize={entries.length}
                >
                  <PatientRow entry={entry} />
                </li>
              )
            );
          })}
        </ul>
      </div>
    </section>
  );
}

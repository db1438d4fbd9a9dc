import { useCallback, useEffect } from 'react';
import { usePlantaoStore, useT } from '../../store/use-plantao-store';
import { useVirtualList } from '../../ui/use-virtual-list';
import { AlertRow } from './alert-row';
import { useAnchoredList } from './use-anchored-list';

/** A first guess of an alert row's height; rows then measure themselves. */
const ESTIMATED_ROW_PX = 190;

/**
 * A virtualized feed of alerts (10,000 scroll smoothly: only what is in view
 * is in the DOM). While the nurse works in it, new alerts go in above the
 * view without moving it, behind a "N novos" button (see useAnchoredList).
 */
export function AlertList(props: { ids: readonly string[]; emptyText: string; labelledBy: string }) {
  const { plural } = useT();
  const { ids } = props;
  const focused = usePlantaoStore((state) => state.focusedAlert);
  const list = useAnchoredList(ids);
  // Stable until the ids change: TanStack recomputes every row's position (10,000) whenever this function changes.
  const getItemKey = useCallback((index: number) => ids[index] ?? index.toString(), [ids]);
  const { virtualizer, scrollRef } = useVirtualList({
    count: ids.length,
    estimateSize: ESTIMATED_ROW_PX,
    getItemKey,
    anchored: list.anchored,
  });

  // A clicked notification: bring its alert into view (AlertRow then focuses it).
  const focusIndex = focused === undefined ? -1 : ids.indexOf(focused.id);
  useEffect(() => {
    if (focusIndex >= 0) virtualizer.scrollToIndex(focusIndex, { align: 'start' });
  }, [focused?.key, focusIndex, virtualizer]);

  return (
    <div className="alert-list" {...list.handlers}>
      {list.newCount > 0 && (
        <button
          type="button"
          className="button button--new-alerts"
          onClick={() => {
            list.acknowledgeNew();
            virtualizer.scrollToOffset(0);
          }}
        >
          {plural('alerts.newAbove', list.newCount)}
        </button>
      )}
      {ids.length === 0 && <p className="empty">{props.emptyText}</p>}
      <div ref={scrollRef} className="virtual-scroll" onScroll={(event) => list.onScrolled(event.currentTarget.scrollTop)}>
        <div
          role="feed"
          aria-labelledby={props.labelledBy}
          aria-busy="false"
          className="virtual-track"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((item) => (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="virtual-row"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <AlertRow alertId={ids[item.index] ?? ''} position={item.index + 1} setSize={ids.length} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

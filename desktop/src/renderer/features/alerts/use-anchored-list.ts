import { useMemo, useState } from 'react';

export interface AnchoredList {
  /**
   * True while the nurse works in the list (pointer over it, or scrolled
   * away from the top): the virtualizer then keeps the rows in view where
   * they are when alerts are inserted above (TanStack `anchorTo: 'end'`).
   */
  anchored: boolean;
  /** Alerts that arrived above the view while anchored (the "N novos" button). */
  newCount: number;
  /** The nurse asked to see them: the caller scrolls to the top. */
  acknowledgeNew(): void;
  handlers: { onPointerEnter(): void; onPointerLeave(): void };
  /** Call from the scroll box's onScroll. */
  onScrolled(scrollTop: number): void;
}

/**
 * New alerts must never move what a nurse is about to click. A list nobody
 * is working in is simply live: new alerts appear at the top. Once the
 * pointer is over it or it is scrolled down, rows stay put, new alerts go in
 * above the view, and a "N novos" button says how many. Nothing is held
 * back: every alert is in the list (and critical ones also pinned).
 */
export function useAnchoredList(ids: readonly string[]): AnchoredList {
  const [pointer, setPointer] = useState(false);
  const [scrolled, setScrolled] = useState(false);
  // The ids the nurse had in front of them when the list became anchored.
  const [seen, setSeen] = useState<ReadonlySet<string> | null>(null);
  const anchored = pointer || scrolled;

  const engage = (next: { pointer: boolean; scrolled: boolean }): void => {
    setPointer(next.pointer);
    setScrolled(next.scrolled);
    const engaged = next.pointer || next.scrolled;
    setSeen((current) => (engaged ? (current ?? new Set(ids)) : null));
  };

  // Once per change of the list, not per render: the list re-renders on every scrolled frame, and ids may be 10,000.
  const newCount = useMemo(() => (seen === null ? 0 : ids.reduce((n, id) => (seen.has(id) ? n : n + 1), 0)), [seen, ids]);
  return {
    anchored,
    newCount,
    acknowledgeNew: () => setSeen(new Set(ids)),
    handlers: {
      onPointerEnter: () => engage({ pointer: true, scrolled }),
      onPointerLeave: () => engage({ pointer: false, scrolled }),
    },
    onScrolled: (scrollTop) => {
      const down = scrollTop > 4;
      if (down === scrolled) return;
      engage({ pointer, scrolled: down });
      // Back at the top, everything above has been seen.
      if (!down && pointer) setSeen(new Set(ids));
    },
  };
}

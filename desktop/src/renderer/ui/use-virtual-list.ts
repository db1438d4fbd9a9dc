import { measureElement, observeElementRect, type Rect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';

/** Before the first layout (and where nothing is laid out, e.g. jsdom), assume a screenful. */
const FALLBACK_RECT: Rect = { width: 600, height: 900 };

/**
 * A vertical virtual list whose rows measure themselves. Only the rows in
 * view (plus a few) exist in the DOM, so 10,000 alerts scroll like 20.
 * A scroll box that reports no size yet renders a screenful instead of
 * nothing: a list that shows nothing at a nursing station is worse than one
 * that renders a few rows too many.
 */
export function useVirtualList(options: {
  count: number;
  estimateSize: number;
  /** Keep it stable (useCallback over the ids): a new function makes TanStack re-measure every row, O(count) per render. */
  getItemKey(index: number): string;
  /** Keep the rows in view in place when items are inserted above them. */
  anchored?: boolean;
}): {
  virtualizer: Virtualizer<HTMLDivElement, HTMLElement>;
  scrollRef: React.RefObject<HTMLDivElement | null>;
} {
  const scrollRef = useRef<HTMLDivElement>(null);
  // TanStack Virtual returns a mutable instance, which the React Compiler cannot memoize around; this hook is its only caller.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer<HTMLDivElement, HTMLElement>({
    count: options.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => options.estimateSize,
    getItemKey: options.getItemKey,
    overscan: 6,
    // 'end' makes TanStack keep the first visible row where it is when the keys at the edges change (an insert above).
    anchorTo: options.anchored === true ? 'end' : 'start',
    initialRect: FALLBACK_RECT,
    observeElementRect: (instance, callback) => observeElementRect(instance, (rect) => callback(rect.height > 0 ? rect : FALLBACK_RECT)),
    measureElement: (element, entry, instance) => {
      const size = measureElement(element, entry, instance);
      return size > 0 ? size : options.estimateSize;
    },
  });
  return { virtualizer, scrollRef };
}

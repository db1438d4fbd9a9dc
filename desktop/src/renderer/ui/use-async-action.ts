import { useCallback, useRef, useState } from 'react';

export interface AsyncAction<A extends unknown[]> {
  run(...args: A): void;
  pending: boolean;
  /** The last run failed (cleared by the next run). */
  failed: boolean;
}

/**
 * A button's call to the station: disabled while in flight (no double ack),
 * and a visible failure instead of a silent one. The result itself comes
 * back through the snapshot.
 */
export function useAsyncAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>): AsyncAction<A> {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  const inFlight = useRef(false);
  const run = useCallback(
    (...args: A) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setPending(true);
      setFailed(false);
      action(...args)
        .then(
          () => setFailed(false),
          () => setFailed(true),
        )
        .finally(() => {
          inFlight.current = false;
          setPending(false);
        });
    },
    [action],
  );
  return { run, pending, failed };
}

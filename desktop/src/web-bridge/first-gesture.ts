/// <reference lib="dom" />

const GESTURES = ['pointerdown', 'keydown'] as const;
/** Seen before the page's own handlers; an object, not `true` (Node's EventTarget mishandles the boolean form on removal). */
const CAPTURE = { capture: true };

/**
 * Runs `action` at the nurse's first click or key press on the page: the
 * moment browsers let a page start audio and ask for notification permission.
 * Returns a function that stops listening.
 */
export function onFirstGesture(target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>, action: () => void): () => void {
  const stop = () => {
    for (const type of GESTURES) target.removeEventListener(type, run, CAPTURE);
  };
  function run() {
    stop();
    action();
  }
  for (const type of GESTURES) target.addEventListener(type, run, CAPTURE);
  return stop;
}

/// <reference lib="dom" />

/** The parts of `navigator.locks` this module uses (absent in old browsers and in jsdom). */
export type LockManagerLike = Pick<LockManager, 'request'>;

/**
 * One station per browser profile and server. Two tabs sharing one saved
 * session would both rotate the same refresh token, and the server treats a
 * reused refresh token as theft: it ends the session of both. So only the
 * tab holding this Web Lock runs the station; another tab waits, and takes
 * over when the first one closes. Without `navigator.locks` every tab runs.
 *
 * `onAcquired` runs once, when this tab becomes the station. The lock is
 * held until the page goes, or until the returned function is called.
 */
export function holdStationLock(locks: LockManagerLike | undefined, name: string, onAcquired: () => void): () => void {
  if (!locks) {
    onAcquired();
    return () => undefined;
  }
  let release: () => void = () => undefined;
  let released = false;
  let acquired = false;
  const acquire = () => {
    if (acquired || released) return;
    acquired = true;
    onAcquired();
  };
  const held = new Promise<void>((resolve) => {
    release = () => {
      released = true;
      resolve();
    };
  });
  locks
    .request(name, () => {
      // Released while still waiting: give the lock straight back.
      if (released) return undefined;
      acquire();
      return held;
    })
    // No lock to be had (e.g. an opaque origin): run rather than never alarm.
    .catch(acquire);
  return () => release();
}

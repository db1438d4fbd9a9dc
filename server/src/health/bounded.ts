/** Each probe of `/health` and `/metrics` gives up after this, so they answer in under a second whatever hangs (issue #8). */
export const PROBE_TIMEOUT_MS = 750;

/** `promise`'s value, or `fallback` when it rejects or takes longer than PROBE_TIMEOUT_MS. */
export function within<T>(promise: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((done) => (timer = setTimeout(() => done(fallback), PROBE_TIMEOUT_MS)));
  return Promise.race([promise.catch(() => fallback), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Reconnection pacing. After a server restart 500 stations must not come back
 * in the same second: the delay grows exponentially and each station draws a
 * random deviation (`jitter`) around it, so returns are spread out.
 *
 * The same numbers configure Socket.io's own Manager (transport failures) and
 * `Backoff` below (cases Socket.io leaves to the application: a refused
 * handshake, a server-side disconnect, a failed token refresh).
 */
export interface BackoffOptions {
  minMs: number;
  maxMs: number;
  /** 0..1: the delay is drawn uniformly in [d·(1−jitter), d·(1+jitter)], capped at maxMs. */
  jitter: number;
  /** Growth per attempt. */
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { minMs: 1_000, maxMs: 30_000, jitter: 0.5, factor: 2 };

/** The delay before attempt number `attempt` (0-based). `random` returns [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(options.maxMs, options.minMs * options.factor ** Math.max(0, attempt));
  const deviation = (random() * 2 - 1) * options.jitter * base;
  return Math.round(Math.min(options.maxMs, Math.max(0, base + deviation)));
}

/** Socket.io Manager options with the same pacing (its factor is fixed at 2). */
export function socketReconnectionOptions(options: BackoffOptions) {
  return {
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: options.minMs,
    reconnectionDelayMax: options.maxMs,
    randomizationFactor: options.jitter,
  } as const;
}

/** Attempt counter for the retries the core schedules itself. */
export class Backoff {
  private attempts = 0;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const delay = backoffDelay(this.attempts, this.options, this.random);
    this.attempts += 1;
    return delay;
  }

  reset(): void {
    this.attempts = 0;
  }
}

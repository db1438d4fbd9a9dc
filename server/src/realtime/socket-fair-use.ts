import { ClientEvent, type ClientEventName } from '@plantao/shared';
import type { FairUseConfig } from '../config/app-config';
import { TokenBucket } from './token-bucket';

/** Per-socket limits, from the configuration (`FairUseConfig` documents each). */
export type FairUseLimits = FairUseConfig;

/** Why a request was not run; `disconnect` once the socket has persisted. */
export interface Refusal {
  message: string;
  disconnect: boolean;
}

/** A `sync` answer holds up to SYNC_PAGE_SIZE alerts in memory until sent: at most two per socket (catch-up and a resume probe may overlap). */
export const SYNC_IN_FLIGHT = 2;
const REFUSALS_FORGIVEN_PER_SECOND = 1;
const KNOWN_EVENTS: ReadonlySet<string> = new Set(Object.values(ClientEvent));
/**
 * `alert_delivered` is sent by the station itself, not a nurse's click: one
 * batch (≤ 1,000 ids) per debounce while alerts flood in. Its own bucket is
 * sized for that (10 batches/s sustained), so a hospital's flood never makes
 * its stations' receipts `rate_limited` and gets them disconnected.
 */
const RECEIPT_LIMITS = { burst: 100, perMinute: 600 };
/** Any event name outside the contract shares one bucket: names a client invents must not grow the map. */
const OTHER = 'other';

/**
 * One socket's share: a token bucket per event kind (taken when a packet
 * arrives, before any handler), a cap on handlers in flight (taken when a
 * handler starts, released when it ends), and a bucket of refusals: a client
 * that backs off after `rate_limited` never empties it; a flood does, and is
 * disconnected. Plain state, no socket: the gateway wires it (FairUse).
 */
export class SocketFairUse {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly refusals: TokenBucket;
  private inFlight = 0;
  private syncsInFlight = 0;
  private abusive = false;

  constructor(
    private readonly limits: FairUseLimits,
    private readonly now?: () => number,
  ) {
    this.refusals = new TokenBucket(limits.refusalsBeforeDisconnect, REFUSALS_FORGIVEN_PER_SECOND, now);
  }

  /** A packet arrived: takes a token from its event's bucket, or refuses it. */
  admit(event: string): Refusal | undefined {
    if (this.abusive) return { message: 'disconnecting: too many requests', disconnect: true };
    const bucket = this.bucketFor(event);
    if (bucket.take()) return undefined;
    return this.refuse(
      `too many ${KNOWN_EVENTS.has(event) ? event : 'unknown event'} requests; retry in ${Math.ceil(bucket.msUntilToken() / 1000)} s`,
    );
  }

  /** A handler is about to run: counts it, unless the socket already has its share running. Pair with `leave`. */
  enter(event: ClientEventName): Refusal | undefined {
    if (this.abusive) return { message: 'disconnecting: too many requests', disconnect: true };
    if (this.inFlight >= this.limits.maxInFlight) return this.refuse(`more than ${this.limits.maxInFlight} requests in flight`);
    const sync = event === ClientEvent.Sync;
    if (sync && this.syncsInFlight >= SYNC_IN_FLIGHT) return this.refuse(`more than ${SYNC_IN_FLIGHT} sync requests in flight`);
    this.inFlight += 1;
    if (sync) this.syncsInFlight += 1;
    return undefined;
  }

  leave(event: ClientEventName): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (event === ClientEvent.Sync) this.syncsInFlight = Math.max(0, this.syncsInFlight - 1);
  }

  get running(): number {
    return this.inFlight;
  }

  private refuse(message: string): Refusal {
    if (!this.refusals.take()) this.abusive = true;
    return { message, disconnect: this.abusive };
  }

  private bucketFor(event: string): TokenBucket {
    const key = KNOWN_EVENTS.has(event) ? event : OTHER;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const sync = key === ClientEvent.Sync;
      const receipts = key === ClientEvent.AlertDelivered;
      const burst = receipts ? RECEIPT_LIMITS.burst : sync ? this.limits.syncBurst : this.limits.actionBurst;
      const perMinute = receipts ? RECEIPT_LIMITS.perMinute : sync ? this.limits.syncPerMinute : this.limits.actionPerMinute;
      bucket = new TokenBucket(burst, perMinute / 60, this.now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

import type { Logger } from '@nestjs/common';

/**
 * How stations are told to replay. Disconnecting is the message: every
 * station (desktop and browser) already reconnects after a server-side
 * disconnect and sends `lastSeq` in the handshake, and the gateway replays
 * from the database (where every alert answered 201 is). No new event, no
 * client change, and it works for stations that never heard of this.
 */
export interface StationResync {
  /** This instance's stations. */
  local(reason: string): void;
  /** Every instance's stations (through the adapter's request channel). */
  everywhere(reason: string): void;
}

/**
 * Follows the Redis link and decides when stations must replay:
 * - while the link is down, this instance receives no other instance's
 *   broadcasts: its stations are disconnected every `outageResyncMs` (they
 *   replay what others stored), and once more when the link is back (after
 *   the resubscribe: nothing can fall between the replay and live delivery);
 * - a publish that failed is a broadcast other instances' stations missed:
 *   when the link is back, every instance's stations are disconnected.
 */
export class RedisOutageWatch {
  down = false;
  private publishMissed = false;
  private resync?: StationResync;
  private outageTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly ready: () => boolean,
    private readonly outageResyncMs: number,
    private readonly logger: Logger,
  ) {}

  attach(resync: StationResync): void {
    this.resync = resync;
  }

  linkError(client: string, err: unknown): void {
    // Reconnect attempts repeat the same error every ~2 s: warn once per outage.
    if (this.down || this.closed) this.logger.debug({ client, err }, 'redis connection error');
    else this.logger.warn({ client, err }, 'redis connection error');
    this.linkDown(client);
  }

  linkDown(client: string): void {
    if (this.down || this.closed) return;
    this.down = true;
    this.logger.warn({ client }, 'redis link down: cross-instance delivery uncertain, stations will replay from the database');
    if (this.outageResyncMs > 0) {
      this.outageTimer = setInterval(() => this.kick('local', 'redis outage: periodic replay'), this.outageResyncMs);
      this.outageTimer.unref();
    }
  }

  linkReady(): void {
    if (!this.down || this.closed || !this.ready()) return;
    this.down = false;
    clearInterval(this.outageTimer);
    this.logger.warn('redis link restored: stations replay what they may have missed');
    this.afterRecovery();
  }

  publishFailed(err: unknown): void {
    if (this.closed) return;
    if (!this.publishMissed) this.logger.warn({ err }, 'redis publish failed: other instances missed a broadcast');
    this.publishMissed = true;
    if (!this.ready()) this.linkDown('pub');
    // Refused with the link up (OOM, READONLY…): try the cluster-wide replay shortly.
    else if (!this.down) this.scheduleRetry();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.outageTimer);
    clearTimeout(this.retryTimer);
  }

  private afterRecovery(): void {
    if (this.publishMissed) {
      this.publishMissed = false;
      this.kick('everywhere', 'redis restored after missed publishes');
    } else {
      this.kick('local', 'redis restored');
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.down && this.ready() && this.publishMissed) this.afterRecovery();
    }, 1000);
    this.retryTimer.unref();
  }

  private kick(scope: 'local' | 'everywhere', reason: string): void {
    if (this.closed || !this.resync) return;
    try {
      this.resync[scope](reason);
    } catch (err) {
      this.logger.error({ err, scope }, 'disconnecting stations for replay failed');
    }
  }
}

import { isIPv6 } from 'node:net';
import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** 429 with the seconds to wait; the controller copies them into `Retry-After`. */
export class LoginThrottledException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-in attempts; try again in ${retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/** One sign-in in progress: say how it ended so the counters move. */
export interface LoginAttempt {
  settle(outcome: 'success' | 'failure' | 'error'): void;
}

interface Counter {
  failures: number;
  /** Attempts whose password is being verified now: they count against the limit, so a parallel burst cannot overshoot it. */
  pending: number;
  windowStart: number;
  blockedUntil: number;
}

/** Beyond this many tracked keys, idle ones are dropped (a spray of random e-mails must not grow memory without bound). */
const MAX_TRACKED_KEYS = 50_000;

/**
 * Failures in a fixed window per key; reaching the limit blocks the key for
 * the window's length (Rocket.Chat's "10 per user / 50 per IP for 5 minutes").
 */
class FailureCounter {
  private readonly counters = new Map<string, Counter>();

  constructor(
    readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until the key may try again, 0 when it may now. */
  waitMs(key: string, now: number): number {
    const c = this.current(key, now);
    if (!c) return 0;
    if (c.blockedUntil > now) return c.blockedUntil - now;
    // Every remaining try is already in flight: answer once those are verified.
    return c.failures + c.pending >= this.limit ? 1000 : 0;
  }

  begin(key: string, now: number): void {
    const c = this.current(key, now) ?? this.create(key, now);
    c.pending += 1;
  }

  /** Records a failure; true when it starts a block. */
  fail(key: string, now: number): boolean {
    const c = this.current(key, now) ?? this.create(key, now);
    c.pending = Math.max(0, c.pending - 1);
    if (c.blockedUntil > now) return false;
    c.failures += 1;
    if (c.failures < this.limit) return false;
    c.blockedUntil = now + this.windowMs;
    return true;
  }

  /** Ends an attempt without a failure; `reset` forgets the key's failures (a successful sign-in). */
  finish(key: string, now: number, reset: boolean): void {
    const c = this.current(key, now);
    if (!c) return;
    c.pending = Math.max(0, c.pending - 1);
    if (reset && c.blockedUntil <= now) c.failures = 0;
    if (c.pending === 0 && c.failures === 0 && c.blockedUntil <= now) this.counters.delete(key);
  }

  /** The key's counter, or undefined once its block or its window is over. */
  private current(key: string, now: number): Counter | undefined {
    const c = this.counters.get(key);
    if (!c) return undefined;
    const blockOver = c.blockedUntil > 0 && c.blockedUntil <= now;
    const windowOver = c.blockedUntil === 0 && now - c.windowStart >= this.windowMs;
    if (!blockOver && !windowOver) return c;
    if (c.pending === 0) {
      this.counters.delete(key);
      return undefined;
    }
    Object.assign(c, { failures: 0, windowStart: now, blockedUntil: 0 });
    return c;
  }

  private create(key: string, now: number): Counter {
    if (this.counters.size >= MAX_TRACKED_KEYS) this.prune(now);
    const c: Counter = { failures: 0, pending: 0, windowStart: now, blockedUntil: 0 };
    this.counters.set(key, c);
    return c;
  }

  private prune(now: number): void {
    for (const key of [...this.counters.keys()]) this.current(key, now);
    // Still full: drop the oldest keys that are neither blocked nor in flight.
    for (const [key, c] of this.counters) {
      if (this.counters.size < MAX_TRACKED_KEYS * 0.9) break;
      if (c.pending === 0 && c.blockedUntil <= now) this.counters.delete(key);
    }
  }
}

/**
 * One client address as a throttling key: IPv4-mapped IPv6 as plain IPv4, and
 * an IPv6 address by its /64 (one subscriber's whole prefix is one address).
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const bare = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1]!;
  if (!isIPv6(bare)) return bare;
  const [head = '', tail] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().padStart(4, '0'))
    .join(':')}::/64`;
}

/**
 * Sign-in throttling (issue #8): failures are counted per normalised e-mail
 * and per client address; past the limit, attempts are refused with 429
 * before any password is verified (a blocked guess costs no argon2 time).
 * A successful sign-in clears the account's count, not the address's (one
 * valid account must not launder guesses at others from the same place).
 *
 * Kept in memory per instance on purpose: sign-in must not depend on Redis
 * being up, and no table is needed. The cost: N instances behind a load
 * balancer allow up to N× the attempts, and a restart forgets the counts.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger('LoginThrottle');
  private readonly accounts: FailureCounter;
  private readonly addresses: FailureCounter;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    const windowMs = config.loginBlockSeconds * 1000;
    this.accounts = new FailureCounter(config.loginMaxFailuresPerAccount, windowMs);
    this.addresses = new FailureCounter(config.loginMaxFailuresPerAddress, windowMs);
  }

  /** Starts an attempt, or throws 429 when the account or the address is blocked. */
  begin(email: string, address: string | undefined): LoginAttempt {
    const now = this.clock.now();
    const keys: [FailureCounter, string][] = [
      [this.accounts, email.toLowerCase()],
      [this.addresses, addressKey(address)],
    ];
    const active = keys.filter(([counter]) => counter.limit > 0);
    const waitMs = Math.max(0, ...active.map(([counter, key]) => counter.waitMs(key, now)));
    if (waitMs > 0) throw new LoginThrottledException(Math.ceil(waitMs / 1000));
    for (const [counter, key] of active) counter.begin(key, now);
    let settled = false;
    return {
      settle: (outcome) => {
        if (settled) return;
        settled = true;
        const at = this.clock.now();
        for (const [counter, key] of active) {
          if (outcome !== 'failure') counter.finish(key, at, outcome === 'success' && counter === this.accounts);
          else if (counter.fail(key, at)) {
            const what = counter === this.accounts ? `account ${key}` : `address ${key}`;
            this.logger.warn(`Sign-in blocked for ${what}: ${counter.limit} failures`);
          }
        }
      },
    };
  }
}

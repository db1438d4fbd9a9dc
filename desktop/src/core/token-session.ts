import type { TokenPair } from '@plantao/shared';
import { Backoff, type BackoffOptions } from './backoff';
import { decodeTokenTiming, refreshDelayMs, tokenValidityMs } from './jwt';
import { type CoreLogger, errorContext } from './logger';
import { HttpError } from './rest-client';
import { type Scheduler, Timer } from './scheduler';

/**
 * Keeps a valid access token at hand. Tokens are refreshed silently ahead of
 * expiry (see `refreshDelayMs`), the new one is pushed to the live socket so
 * the server does not disconnect it, and every refresh token is used once:
 * the server rotates it and treats a second use as theft (revoking the whole
 * session), so refreshes are single-flight and the new refresh token is
 * persisted before the new access token is used.
 */
export class SessionRejectedError extends Error {
  constructor(message = 'refresh token refused') {
    super(message);
    this.name = 'SessionRejectedError';
  }
}

export interface TokenSessionOptions {
  refresh(refreshToken: string): Promise<TokenPair>;
  /** Persist the rotated pair; awaited before the access token is used. */
  onRotated(pair: TokenPair): Promise<void>;
  /** A new access token while connected: push it to the socket. */
  onAccessToken(token: string): void;
  /** The server refused the refresh token: only a new login helps. */
  onRejected(reason: string): void;
  scheduler: Scheduler;
  backoff: BackoffOptions;
  logger: CoreLogger;
}

interface AccessToken {
  token: string;
  /** Local epoch ms until which it is valid. */
  validUntil: number;
  validityMs: number;
}

/** A token for a few seconds with no `exp` claim is assumed valid this long. */
const UNKNOWN_VALIDITY_MS = 60_000;

export class TokenSession {
  private access: AccessToken | undefined;
  private inflight: Promise<string> | undefined;
  private readonly timer: Timer;
  private readonly retry: Backoff;
  private stopped = false;
  private rejected = false;

  constructor(
    private readonly options: TokenSessionOptions,
    private refreshToken: string,
    accessToken?: string,
  ) {
    this.timer = new Timer(options.scheduler);
    this.retry = new Backoff(options.backoff);
    if (accessToken !== undefined) this.accept(accessToken);
  }

  get currentRefreshToken(): string {
    return this.refreshToken;
  }

  get isRejected(): boolean {
    return this.rejected;
  }

  /** The access token if it is not about to expire, else a freshly refreshed one. */
  async getFreshAccessToken(): Promise<string> {
    const access = this.access;
    const margin = Math.max(1_000, (access?.validityMs ?? 0) * 0.1);
    if (access && access.validUntil - this.options.scheduler.now() > margin) return access.token;
    return this.refresh();
  }

  /** The server refused the access token (e.g. `token_expired`): never offer it again. */
  invalidateAccessToken(): void {
    this.access = undefined;
  }

  /** Single-flight: concurrent callers share one request, so a refresh token is never sent twice. */
  refresh(): Promise<string> {
    if (this.rejected) return Promise.reject(new SessionRejectedError());
    this.inflight ??= this.doRefresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Re-checks the schedule now (after sleep, timers may have fired late or not at all). */
  checkNow(): void {
    if (this.stopped || this.rejected) return;
    const access = this.access;
    if (!access || access.validUntil - this.options.scheduler.now() < access.validityMs * 0.5) this.refreshInBackground();
  }

  stop(): void {
    this.stopped = true;
    this.timer.clear();
  }

  private async doRefresh(): Promise<string> {
    const used = this.refreshToken;
    let pair: TokenPair;
    try {
      pair = await this.options.refresh(used);
    } catch (error) {
      if (error instanceof HttpError && (error.status === 401 || error.status === 400 || error.status === 403)) {
        this.rejected = true;
        this.timer.clear();
        this.options.logger.warn('refresh token refused; a new login is needed', { status: error.status, reason: error.message });
        this.options.onRejected(error.message);
        throw new SessionRejectedError(error.message);
      }
      throw error;
    }
    this.refreshToken = pair.refreshToken;
    await this.options.onRotated(pair);
    this.accept(pair.accessToken);
    this.retry.reset();
    if (!this.stopped) this.options.onAccessToken(pair.accessToken);
    return pair.accessToken;
  }

  private accept(token: string): void {
    const now = this.options.scheduler.now();
    const timing = decodeTokenTiming(token);
    const validityMs = timing ? tokenValidityMs(timing, now) : UNKNOWN_VALIDITY_MS;
    this.access = { token, validUntil: now + validityMs, validityMs };
    if (!this.stopped) this.timer.set(() => this.refreshInBackground(), refreshDelayMs(validityMs));
  }

  private refreshInBackground(): void {
    if (this.stopped || this.rejected) return;
    this.refresh().catch((error: unknown) => {
      if (error instanceof SessionRejectedError || this.stopped) return;
      const delay = this.retry.next();
      this.options.logger.warn('token refresh failed; retrying', { retryInMs: delay, ...errorContext(error) });
      this.timer.set(() => this.refreshInBackground(), delay);
    });
  }
}

/**
 * Reads an access token's timing claims. No signature check: the server
 * verifies tokens; the station only needs to know when to refresh.
 */
export interface TokenTiming {
  /** Seconds since epoch. */
  exp: number;
  iat?: number;
}

function base64UrlDecode(segment: string): string {
  const base64 = segment
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** `undefined` when the token is not a JWT with a numeric `exp`. */
export function decodeTokenTiming(token: string): TokenTiming | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(base64UrlDecode(payload));
    if (typeof claims !== 'object' || claims === null) return undefined;
    const { exp, iat } = claims as { exp?: unknown; iat?: unknown };
    if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
    return typeof iat === 'number' && Number.isFinite(iat) ? { exp, iat } : { exp };
  } catch {
    // Not base64url JSON: treated as a token without timing (refreshed on rejection only).
    return undefined;
  }
}

/**
 * How long (ms, from receipt) the token stays valid as far as this station can
 * tell. The token's own lifetime (`exp − iat`) does not depend on this
 * machine's clock, so it bounds the estimate when the clock is skewed.
 */
export function tokenValidityMs(timing: TokenTiming, receivedAtMs: number): number {
  const byClock = timing.exp * 1000 - receivedAtMs;
  if (timing.iat === undefined) return Math.max(0, byClock);
  const lifetime = (timing.exp - timing.iat) * 1000;
  // exp/iat are whole seconds: allow 1 s of rounding before calling the clock skewed.
  if (byClock > 0 && byClock <= lifetime + 1000) return byClock;
  return Math.max(0, lifetime - 1000);
}

/**
 * When to refresh, in ms after receipt: at 80 % of the validity or 30 s
 * before expiry, whichever comes first, but never earlier than half-way, so a
 * very short token (5 s in tests) is refreshed at ~2.5 s instead of in a loop.
 */
export function refreshDelayMs(validityMs: number): number {
  const preferred = Math.min(validityMs * 0.8, validityMs - 30_000);
  return Math.max(validityMs * 0.5, preferred);
}

import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AccessTokenClaims, AccessTokenClaimsSchema, type Role } from '@plantao/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

// jose is ESM-only; this CommonJS build loads it once through a real dynamic import.
type JWTPayload = import('jose', { with: { 'resolution-mode': 'import' } }).JWTPayload;

const loadJose = (() => {
  let jose: Promise<typeof import('jose', { with: { 'resolution-mode': 'import' } })> | undefined;
  return () => (jose ??= import('jose'));
})();

export type VerifyResult = { ok: true; claims: AccessTokenClaims } | { ok: false; reason: 'unauthorized' | 'token_expired' };

type Jose = Awaited<ReturnType<typeof loadJose>>;

/** How many verified HS256 tokens are remembered (each agent and station reuses one token for many requests). */
const VERIFIED_CACHE_SIZE = 5_000;

/**
 * Access tokens: HS256 JWTs (jose) signed here, plus RS256 tokens from a
 * hospital identity provider when JWT_PUBLIC_KEY is set. The key is chosen
 * by algorithm and jose checks key types, so `alg: none` and
 * algorithm-confusion tokens (HS256 "signed" with the public key) fail.
 * A provider's token must also carry the configured `iss` and `aud`, name a
 * tenant and a role it was given (JWT_IDP_TENANTS, JWT_IDP_ROLES) and live no
 * longer than JWT_MAX_LIFETIME_SECONDS (issue #8).
 */
@Injectable()
export class TokenService {
  private readonly logger = new Logger('TokenService');
  private readonly key: Uint8Array;
  private publicKey?: Promise<import('node:crypto').webcrypto.CryptoKey>;
  /**
   * HS256 tokens this process has verified, with their claims. Verifying the
   * same bytes with the same key always gives the same answer except for
   * expiry, which is checked on every use exactly as jose checks it. An
   * agent posts thousands of alerts with one token: the HMAC and the claims
   * parse run once, not per request. Revocation does not live in the token
   * (UserStatus is asked on every request), so nothing else can change.
   */
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = new TextEncoder().encode(config.jwtSecret);
  }

  /**
   * HS256 access token. `issuedAt` (seconds) fixes `iat` and `exp`: HMAC is
   * deterministic, so the same user, instant and lifetime give the same
   * token, which lets a retried refresh return the very pair it got first.
   */
  async signAccessToken(user: { id: string; tenantId: string; role: Role; name?: string }, ttlSeconds?: number, issuedAt?: number) {
    const iat = issuedAt ?? Math.floor(Date.now() / 1000);
    const exp = iat + (ttlSeconds ?? this.config.accessTokenTtlSeconds);
    const { SignJWT } = await loadJose();
    const token = await new SignJWT({ tenantId: user.tenantId, role: user.role, ...(user.name ? { name: user.name } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, exp };
  }

  async verifyAccessToken(token: unknown): Promise<VerifyResult> {
    if (typeof token !== 'string' || token.length === 0) return { ok: false, reason: 'unauthorized' };
    const known = this.verified.get(token);
    if (known) {
      // jose: expired when exp <= now, in whole seconds, no clock tolerance.
      if (known.exp <= Math.floor(Date.now() / 1000)) {
        this.verified.delete(token);
        return { ok: false, reason: 'token_expired' };
      }
      // A copy: callers keep the claims as their own (a socket's `data` gets its station added to it).
      return { ok: true, claims: { ...known } };
    }
    const jose = await loadJose();
    try {
      const fromProvider = this.config.jwtPublicKey !== undefined && jose.decodeProtectedHeader(token).alg === 'RS256';
      const payload = fromProvider
        ? await this.verifyProviderToken(jose, token)
        : (await jose.jwtVerify(token, this.key, { algorithms: ['HS256'] })).payload;
      if (!payload) return { ok: false, reason: 'unauthorized' };
      const claims = AccessTokenClaimsSchema.safeParse(payload);
      // Exactly as signed: the schema trims ids, and " tenant-1" must not become "tenant-1".
      if (!claims.success || claims.data.sub !== payload.sub || claims.data.tenantId !== payload.tenantId)
        return { ok: false, reason: 'unauthorized' };
      if (!fromProvider) this.remember(token, { ...claims.data });
      return { ok: true, claims: claims.data };
    } catch (error) {
      return { ok: false, reason: error instanceof jose.errors.JWTExpired ? 'token_expired' : 'unauthorized' };
    }
  }

  private remember(token: string, claims: AccessTokenClaims): void {
    // Oldest first out: a Map iterates in insertion order.
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
  }

  /** The provider's payload if its signature, `iss`, `aud`, lifetime, tenant and role all hold; undefined otherwise. */
  private async verifyProviderToken(jose: Jose, token: string): Promise<JWTPayload | undefined> {
    const { jwtPublicKey, jwtIssuer, jwtAudience, jwtIdpTenants, jwtIdpRoles, jwtMaxLifetimeSeconds } = this.config;
    if (!jwtPublicKey || !jwtIssuer || !jwtAudience) return undefined;
    this.publicKey ??= jose.importSPKI(jwtPublicKey, 'RS256');
    const { payload } = await jose.jwtVerify(token, await this.publicKey, {
      algorithms: ['RS256'],
      issuer: jwtIssuer,
      audience: jwtAudience,
      requiredClaims: ['exp'],
    });
    const now = Math.floor(Date.now() / 1000);
    // From `iat`, or from now when it is absent or in the future (a future `iat` would hide a long life).
    const lifetime = payload.exp! - Math.min(typeof payload.iat === 'number' ? payload.iat : now, now);
    const refusal =
      lifetime > jwtMaxLifetimeSeconds
        ? `lifetime ${lifetime} s over JWT_MAX_LIFETIME_SECONDS`
        : typeof payload.tenantId !== 'string' || !jwtIdpTenants.includes(payload.tenantId)
          ? 'tenant not in JWT_IDP_TENANTS'
          : typeof payload.role !== 'string' || !(jwtIdpRoles as string[]).includes(payload.role)
            ? 'role not in JWT_IDP_ROLES'
            : undefined;
    if (!refusal) return payload;
    this.logger.warn(`Identity-provider token refused (sub ${String(payload.sub)}): ${refusal}`);
    return undefined;
  }
}

/** Refresh tokens are opaque `<id>.<secret>`; only a hash of the secret is stored. */
export function newRefreshSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

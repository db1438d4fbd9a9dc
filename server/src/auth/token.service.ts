import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type AccessTokenClaims, AccessTokenClaimsSchema, type Role } from '@plantao/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

// jose is ESM-only; this CommonJS build loads it once through a real dynamic import.
const loadJose = (() => {
  let jose: Promise<typeof import('jose', { with: { 'resolution-mode': 'import' } })> | undefined;
  return () => (jose ??= import('jose'));
})();

export type VerifyResult = { ok: true; claims: AccessTokenClaims } | { ok: false; reason: 'unauthorized' | 'token_expired' };

/**
 * Access tokens: HS256 JWTs (jose) signed here, plus RS256 tokens from a
 * hospital identity provider when JWT_PUBLIC_KEY is set. The key is chosen
 * by algorithm and jose checks key types, so `alg: none` and
 * algorithm-confusion tokens (HS256 "signed" with the public key) fail.
 */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;
  private publicKey?: Promise<import('node:crypto').webcrypto.CryptoKey>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = new TextEncoder().encode(config.jwtSecret);
  }

  async signAccessToken(user: { id: string; tenantId: string; role: Role; name?: string }, ttlSeconds?: number) {
    const exp = Math.floor(Date.now() / 1000) + (ttlSeconds ?? this.config.accessTokenTtlSeconds);
    const { SignJWT } = await loadJose();
    const token = await new SignJWT({ tenantId: user.tenantId, role: user.role, ...(user.name ? { name: user.name } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, exp };
  }

  async verifyAccessToken(token: unknown): Promise<VerifyResult> {
    if (typeof token !== 'string' || token.length === 0) return { ok: false, reason: 'unauthorized' };
    const { errors, jwtVerify, importSPKI } = await loadJose();
    const pem = this.config.jwtPublicKey;
    if (pem) this.publicKey ??= importSPKI(pem, 'RS256');
    try {
      const { payload } = await jwtVerify(token, async (header) => (header.alg === 'RS256' && this.publicKey ? this.publicKey : this.key), {
        algorithms: pem ? ['HS256', 'RS256'] : ['HS256'],
      });
      const claims = AccessTokenClaimsSchema.safeParse(payload);
      return claims.success ? { ok: true, claims: claims.data } : { ok: false, reason: 'unauthorized' };
    } catch (error) {
      return { ok: false, reason: error instanceof errors.JWTExpired ? 'token_expired' : 'unauthorized' };
    }
  }
}

/** Refresh tokens are opaque `<id>.<secret>`; only a hash of the secret is stored. */
export function newRefreshSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { LoginResponse, Role, TokenPair } from '@plantao/shared';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DATABASE } from '../db/database.module';
import type { DatabaseHandle } from '../db/create-database';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password-hasher';
import { hashSecret, newRefreshSecret, TokenService } from './token.service';

/**
 * Login and refresh-token rotation. Each refresh token is single-use; a token
 * presented twice means it was stolen or replayed, so its whole family (every
 * token descended from the same login) is revoked (OAuth 2.0 Security BCP §4.14).
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
  ) {}

  async login(email: string, password: string): Promise<LoginResponse> {
    const user = await this.handle.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    const ok = user ? await verifyPassword(user.password_hash, password) : await verifyPassword(await DUMMY_HASH_PROMISE, `${password}x`);
    if (!user || !ok) throw new UnauthorizedException('Invalid email or password');
    const pair = await this.issue({ id: user.id, tenantId: user.tenant_id, role: user.role as Role, name: user.name }, randomUUID());
    return { ...pair, user: { id: user.id, name: user.name, tenantId: user.tenant_id, role: user.role as Role } };
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const [id, secret] = refreshToken.split('.');
    if (!id || !secret) throw new UnauthorizedException('Invalid refresh token');
    const db = this.handle.db;
    const row = await db.selectFrom('refresh_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    const now = this.clock.isoNow();
    if (!row || row.token_hash !== hashSecret(secret) || row.revoked_at || row.expires_at <= now) {
      throw new UnauthorizedException('Invalid refresh token');
    }
    // Claim the token atomically: of two concurrent uses only one updates the row.
    const claimed = await db
      .updateTable('refresh_tokens')
      .set({ used_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      // A station whose refresh answer was lost on flaky Wi-Fi retries with the
      // same token within seconds: give it a new pair in the same family rather
      // than logging the nurse out (a short reuse interval, as Auth0 and others do).
      const usedAt =
        row.used_at ?? (await db.selectFrom('refresh_tokens').select('used_at').where('id', '=', id).executeTakeFirst())?.used_at;
      const graceMs = this.config.refreshReuseGraceSeconds * 1000;
      const familyRevoked = await db
        .selectFrom('refresh_tokens')
        .select('id')
        .where('family_id', '=', row.family_id)
        .where('revoked_at', 'is not', null)
        .executeTakeFirst();
      if (graceMs > 0 && usedAt && this.clock.now() - Date.parse(usedAt) <= graceMs && !familyRevoked) {
        const user = await db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst();
        if (user) return this.issue({ id: user.id, tenantId: user.tenant_id, role: user.role as Role, name: user.name }, row.family_id);
      }
      await db.updateTable('refresh_tokens').set({ revoked_at: now }).where('family_id', '=', row.family_id).execute();
      throw new UnauthorizedException('Refresh token reuse detected; please log in again');
    }
    const user = await db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst();
    if (!user) throw new UnauthorizedException('Invalid refresh token');
    return this.issue({ id: user.id, tenantId: user.tenant_id, role: user.role as Role, name: user.name }, row.family_id);
  }

  private async issue(user: { id: string; tenantId: string; role: Role; name: string }, familyId: string): Promise<TokenPair> {
    const { token: accessToken } = await this.tokens.signAccessToken(user);
    const id = randomUUID();
    const secret = newRefreshSecret();
    const now = this.clock.now();
    await this.handle.db
      .insertInto('refresh_tokens')
      .values({
        id,
        family_id: familyId,
        user_id: user.id,
        tenant_id: user.tenantId,
        token_hash: hashSecret(secret),
        expires_at: new Date(now + this.config.refreshTokenTtlSeconds * 1000).toISOString(),
        used_at: null,
        revoked_at: null,
        created_at: new Date(now).toISOString(),
      })
      .execute();
    return { accessToken, refreshToken: `${id}.${secret}` };
  }
}

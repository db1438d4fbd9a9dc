import { createHmac, hkdfSync, randomUUID } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import type { LoginResponse, Role, TokenPair } from '@plantao/shared';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DATABASE } from '../db/database.module';
import type { DatabaseHandle } from '../db/create-database';
import type { Database } from '../db/schema';
import { LoginThrottle } from './login-throttle';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password-hasher';
import { revokeFamily } from './refresh-token-revocation';
import { hashSecret, newRefreshSecret, TokenService } from './token.service';
import { accountDisabled } from './user-status';

type UserRow = Selectable<Database['users']>;

/**
 * Login and refresh-token rotation. Each refresh token is single-use; a token
 * presented twice means it was stolen or replayed, so its whole family (every
 * token descended from the same login) is revoked (OAuth 2.0 Security BCP §4.14)
 * unless it comes back within REFRESH_REUSE_GRACE_SECONDS: then it is a
 * station whose answer was lost, and it gets the same pair again (issue #8).
 */
@Injectable()
export class AuthService {
  /** Keys the derivation of a rotated token's successor (see `successorOf`). */
  private readonly successorKey: Buffer;

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
  ) {
    this.successorKey = Buffer.from(hkdfSync('sha256', config.jwtSecret, '', 'plantao refresh-token successor v1', 32));
  }

  /** `address` is the client's (for throttling); 429 before any password check when it or the account is blocked. */
  async login(email: string, password: string, address?: string): Promise<LoginResponse> {
    const attempt = this.throttle.begin(email, address);
    let user: UserRow | undefined;
    let ok: boolean;
    try {
      user = await this.handle.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
      ok = user ? await verifyPassword(user.password_hash, password) : await verifyPassword(await DUMMY_HASH_PROMISE, `${password}x`);
      attempt.settle(user && ok ? 'success' : 'failure');
    } catch (error) {
      attempt.settle('error');
      throw error;
    }
    if (!user || !ok) throw new UnauthorizedException('Invalid email or password');
    // Only after the right password: a disabled nurse learns why (issue #11), a guesser learns nothing.
    if (user.disabled_at) throw accountDisabled();
    const pair = await this.issue(user, { id: randomUUID(), secret: newRefreshSecret() }, randomUUID());
    return { ...pair, user: { id: user.id, name: user.name, tenantId: user.tenant_id, role: user.role as Role } };
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const [id, secret] = refreshToken.split('.');
    if (!id || !secret) throw new UnauthorizedException('Invalid refresh token');
    const db = this.handle.db;
    const row = await db.selectFrom('refresh_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    const now = this.clock.now();
    if (!row || row.token_hash !== hashSecret(secret)) throw new UnauthorizedException('Invalid refresh token');
    const user = await db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst();
    if (!user) throw new UnauthorizedException('Invalid refresh token');
    // Disabling revoked the token too; the holder of a genuine one is told why, so the station can say so.
    if (user.disabled_at) throw accountDisabled();
    if (row.revoked_at || row.expires_at <= new Date(now).toISOString()) throw new UnauthorizedException('Invalid refresh token');
    const successor = this.successorOf(id, secret);
    // Claim the token and store its successor in one transaction: of two
    // concurrent uses only one updates the row, and the other, once it sees
    // the claim, also sees the successor it must answer with.
    const pair = await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('refresh_tokens')
        .set({ used_at: new Date(now).toISOString() })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(claimed.numUpdatedRows) === 1 ? this.issue(user, successor, row.family_id, now, trx) : undefined;
    });
    if (pair) return pair;
    const again = await this.sameAnswerAgain(row.id, row.family_id, user, successor);
    if (again) return again;
    await revokeFamily(db, row.family_id, this.clock.isoNow());
    throw new UnauthorizedException('Refresh token reuse detected; please log in again');
  }

  /**
   * Signs a station out (issue #11): revokes the presented token's whole
   * family, so neither it nor any token rotated from the same sign-in
   * refreshes again. The access token in hand lives out its short life.
   * An unknown, malformed or foreign token changes nothing and is answered
   * the same (204): the answer tells nobody which tokens exist.
   */
  async logout(refreshToken: string): Promise<void> {
    const [id, secret] = refreshToken.split('.');
    if (!id || !secret) return;
    const row = await this.handle.db
      .selectFrom('refresh_tokens')
      .select(['family_id', 'token_hash'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || row.token_hash !== hashSecret(secret)) return;
    await revokeFamily(this.handle.db, row.family_id, this.clock.isoNow());
  }

  /**
   * A station whose refresh answer was lost on flaky Wi-Fi retries with the
   * same token within seconds. It gets the pair the first use returned, not a
   * new branch of the family: the successor's secret is derived again from
   * the presented one, and the access token, minted with the same instant and
   * claims, is byte-identical (HS256 is deterministic). Only while that
   * successor is unused and unrevoked; a retry after the station used it is
   * a second holder of the old token, and revokes the family.
   */
  private async sameAnswerAgain(id: string, familyId: string, user: UserRow, successor: RefreshPart): Promise<TokenPair | undefined> {
    const graceMs = this.config.refreshReuseGraceSeconds * 1000;
    if (graceMs === 0) return undefined;
    const db = this.handle.db;
    const rows = await db.selectFrom('refresh_tokens').selectAll().where('id', 'in', [id, successor.id]).execute();
    const used = rows.find((r) => r.id === id);
    const next = rows.find((r) => r.id === successor.id);
    if (!used?.used_at || this.clock.now() - Date.parse(used.used_at) > graceMs) return undefined;
    if (!next || next.family_id !== familyId || next.token_hash !== hashSecret(successor.secret) || next.used_at || next.revoked_at) {
      return undefined;
    }
    const familyRevoked = await db
      .selectFrom('refresh_tokens')
      .select('id')
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is not', null)
      .executeTakeFirst();
    if (familyRevoked) return undefined;
    const { token: accessToken } = await this.tokens.signAccessToken(
      claimsOf(user),
      undefined,
      Math.floor(Date.parse(next.created_at) / 1000),
    );
    return { accessToken, refreshToken: `${successor.id}.${successor.secret}` };
  }

  /**
   * The token that replaces `<id>.<secret>`, derived from it with a key from
   * JWT_SECRET: only the holder of the presented token (and the server) can
   * compute it, nothing but its hash is stored, and a retry recomputes it.
   */
  private successorOf(id: string, secret: string): RefreshPart {
    const mac = (label: string) => createHmac('sha256', this.successorKey).update(`${label}\0${id}\0${secret}`).digest();
    const bytes = mac('id').subarray(0, 16);
    bytes[6] = (bytes[6]! & 0x0f) | 0x40; // a well-formed UUID (v4 layout, RFC 9562 §5.4)
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return {
      id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
      secret: mac('secret').toString('base64url'),
    };
  }

  private async issue(
    user: UserRow,
    refresh: RefreshPart,
    familyId: string,
    now = this.clock.now(),
    db: Kysely<Database> = this.handle.db,
  ) {
    const { token: accessToken } = await this.tokens.signAccessToken(claimsOf(user), undefined, Math.floor(now / 1000));
    await db
      .insertInto('refresh_tokens')
      .values({
        id: refresh.id,
        family_id: familyId,
        user_id: user.id,
        tenant_id: user.tenant_id,
        token_hash: hashSecret(refresh.secret),
        expires_at: new Date(now + this.config.refreshTokenTtlSeconds * 1000).toISOString(),
        used_at: null,
        revoked_at: null,
        created_at: new Date(now).toISOString(),
      })
      .execute();
    return { accessToken, refreshToken: `${refresh.id}.${refresh.secret}` } satisfies TokenPair;
  }
}

interface RefreshPart {
  id: string;
  secret: string;
}

const claimsOf = (user: UserRow) => ({ id: user.id, tenantId: user.tenant_id, role: user.role as Role, name: user.name });

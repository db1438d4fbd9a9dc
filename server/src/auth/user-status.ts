import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { UserErrorCode } from '@plantao/shared';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';

/** 401 with `code: account_disabled`: the nurse learns why, instead of "wrong password" (see `AuthService.login`). */
export const accountDisabled = () =>
  new UnauthorizedException({
    message: "This account is disabled; ask your hospital's administrator",
    code: UserErrorCode.AccountDisabled,
  });

/**
 * Whether the user behind a verified access token was disabled since it was
 * signed (issue #11). Access tokens are stateless JWTs that live up to
 * ACCESS_TOKEN_TTL_SECONDS, so the REST guard and the socket handshake ask
 * the database on every request: one primary-key lookup, no cache, so a
 * disable takes effect at once on every instance (a cache would have to be
 * invalidated across instances, for a saving of well under a millisecond).
 * A user the database does not know (an identity provider's token) is never
 * disabled here: the provider disables its own accounts.
 */
@Injectable()
export class UserStatus {
  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {}

  async isDisabled(tenantId: string, userId: string): Promise<boolean> {
    const row = await this.handle.db
      .selectFrom('users')
      .select('disabled_at')
      .where('id', '=', userId)
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return Boolean(row?.disabled_at);
  }
}

import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  containsEmailName,
  type CreateUserRequest,
  type Role,
  type StaffMember,
  UserErrorCode,
  type UserResponse,
  type UserSummary,
} from '@plantao/shared';
import { hashPassword } from '../auth/password-hasher';
import { revokeUserSessions } from '../auth/refresh-token-revocation';
import { Broadcaster } from '../broadcast/broadcaster';
import { Clock } from '../common/clock';
import { type DatabaseHandle, isUniqueViolation } from '../db/create-database';
import { DATABASE } from '../db/database.module';

const USER_COLUMNS = ['id', 'email', 'name', 'role', 'created_at', 'disabled_at'] as const;

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  created_at: string;
  disabled_at: string | null;
}

const toSummary = (r: UserRow): UserSummary => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as Role,
  disabled: r.disabled_at !== null,
  createdAt: r.created_at,
});

/**
 * A hospital's accounts (issue #11 adds their lifecycle). Every method is
 * scoped by the tenant it is given (the admin's token, or the CLI's
 * `--tenant`): another hospital's user id is a 404 and nothing changes. Used
 * by the REST routes and, outside Nest, by the admin CLI (`cli/`), so both
 * follow the same rules.
 */
@Injectable()
export class UsersService {
  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly clock: Clock,
    private readonly broadcaster: Broadcaster,
  ) {}

  async create(tenantId: string, input: CreateUserRequest): Promise<UserResponse> {
    const id = randomUUID();
    const email = input.email.toLowerCase();
    try {
      await this.handle.db
        .insertInto('users')
        .values({
          id,
          tenant_id: tenantId,
          email,
          name: input.name,
          role: input.role,
          password_hash: await hashPassword(input.password),
          created_at: this.clock.isoNow(),
        })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException('A user with this email already exists');
      throw error;
    }
    return { id, email, name: input.name, role: input.role };
  }

  async list(tenantId: string): Promise<UserSummary[]> {
    const rows = await this.handle.db.selectFrom('users').select(USER_COLUMNS).where('tenant_id', '=', tenantId).orderBy('name').execute();
    return rows.map(toSummary);
  }

  /** The tenant's user with this e-mail (case-insensitive), or undefined. */
  async findByEmail(tenantId: string, email: string): Promise<UserSummary | undefined> {
    const row = await this.handle.db
      .selectFrom('users')
      .select(USER_COLUMNS)
      .where('tenant_id', '=', tenantId)
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
    return row && toSummary(row);
  }

  /**
   * Disables the account: it can no longer sign in, refresh, call the API or
   * connect, every refresh token is revoked, and its open sockets are closed
   * on every instance. The database changes first, so a station that
   * reconnects after the drop is refused. `actorId`: the admin doing it, who
   * may not disable themselves (409 `cannot_disable_self`: a hospital must
   * not lock out its last admin by a slip). Disabling twice keeps the first time.
   */
  async disable(tenantId: string, userId: string, actorId?: string): Promise<UserSummary> {
    if (userId === actorId) {
      throw new ConflictException({ message: 'You cannot disable your own account', code: UserErrorCode.CannotDisableSelf });
    }
    const now = this.clock.isoNow();
    await this.handle.db.transaction().execute(async (trx) => {
      const found = await trx
        .selectFrom('users')
        .select('id')
        .where('id', '=', userId)
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      if (!found) throw new NotFoundException('User not found');
      await trx
        .updateTable('users')
        .set({ disabled_at: now })
        .where('id', '=', userId)
        .where('tenant_id', '=', tenantId)
        .where('disabled_at', 'is', null)
        .execute();
      await revokeUserSessions(trx, tenantId, userId, now);
    });
    this.broadcaster.disconnectUser(tenantId, userId);
    return this.get(tenantId, userId);
  }

  /** Lets the account sign in again (a new sign-in: sessions revoked by the disable stay revoked). */
  async enable(tenantId: string, userId: string): Promise<UserSummary> {
    const result = await this.handle.db
      .updateTable('users')
      .set({ disabled_at: null })
      .where('id', '=', userId)
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFoundException('User not found');
    return this.get(tenantId, userId);
  }

  /**
   * Sets a new password (already checked against the policy by the caller's
   * schema) and signs the user out of every station: whoever knew the old
   * one keeps no session. Access tokens already issued live out their
   * short life (ACCESS_TOKEN_TTL_SECONDS).
   */
  async resetPassword(tenantId: string, userId: string, password: string): Promise<void> {
    const user = await this.get(tenantId, userId);
    if (containsEmailName(password, user.email)) throw new BadRequestException('password: must not contain the e-mail address');
    const passwordHash = await hashPassword(password);
    const now = this.clock.isoNow();
    await this.handle.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash })
        .where('id', '=', userId)
        .where('tenant_id', '=', tenantId)
        .execute();
      await revokeUserSessions(trx, tenantId, userId, now);
    });
  }

  /** Names only (no e-mails): what every station needs to say who read or acknowledged an alert. Disabled accounts too: their past reads keep a name. */
  async staff(tenantId: string): Promise<StaffMember[]> {
    const rows = await this.handle.db
      .selectFrom('users')
      .select(['id', 'name', 'role'])
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ ...r, role: r.role as Role }));
  }

  private async get(tenantId: string, userId: string): Promise<UserSummary> {
    const row = await this.handle.db
      .selectFrom('users')
      .select(USER_COLUMNS)
      .where('id', '=', userId)
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (!row) throw new NotFoundException('User not found');
    return toSummary(row);
  }
}

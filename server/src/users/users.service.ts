import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable } from '@nestjs/common';
import type { CreateUserRequest, Role, StaffMember, UserResponse } from '@plantao/shared';
import { hashPassword } from '../auth/password-hasher';
import { Clock } from '../common/clock';
import { type DatabaseHandle, isUniqueViolation } from '../db/create-database';
import { DATABASE } from '../db/database.module';

@Injectable()
export class UsersService {
  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly clock: Clock,
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

  async list(tenantId: string): Promise<UserResponse[]> {
    const rows = await this.handle.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'role'])
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ ...r, role: r.role as Role }));
  }

  /** Names only (no e-mails): what every station needs to say who read or acknowledged an alert. */
  async staff(tenantId: string): Promise<StaffMember[]> {
    const rows = await this.handle.db
      .selectFrom('users')
      .select(['id', 'name', 'role'])
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ ...r, role: r.role as Role }));
  }
}

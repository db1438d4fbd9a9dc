import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { sql } from 'kysely';
import { Public } from '../auth/authenticated-user';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { RedisConnections } from '../redis/redis-connections';

/** Liveness/readiness for load balancers: 503 when a dependency is down. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    @Optional() private readonly redis?: RedisConnections,
  ) {}

  @Public()
  @Get()
  async check(@Res({ passthrough: true }) response: Response) {
    const db = await sql`select 1 as ok`
      .execute(this.handle.db)
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const redis = this.redis ? ((await this.redis.ping()) ? 'up' : 'down') : 'disabled';
    const status = db === 'up' && redis !== 'down' ? 'ok' : 'error';
    response.status(status === 'ok' ? 200 : 503);
    return { status, db, dbKind: this.handle.kind, redis };
  }
}

import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { sql } from 'kysely';
import { Public } from '../auth/authenticated-user';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { RedisConnections } from '../redis/redis-connections';

/** Each probe gives up after this, so `/health` answers in under a second whatever hangs (issue #8). */
const PROBE_TIMEOUT_MS = 750;

function within<T>(promise: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((done) => (timer = setTimeout(() => done(fallback), PROBE_TIMEOUT_MS)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Liveness/readiness for load balancers: 503 when a dependency is down. The
 * probes run in parallel and are bounded: a hung database or Redis reads as
 * `down` instead of holding the answer.
 */
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
    const [db, redis] = await Promise.all([
      within(
        sql`select 1 as ok`.execute(this.handle.db).then(
          () => 'up' as const,
          () => 'down' as const,
        ),
        'down' as const,
      ),
      this.redis ? this.redis.ping(PROBE_TIMEOUT_MS).then((up) => (up ? ('up' as const) : ('down' as const))) : ('disabled' as const),
    ]);
    const status = db === 'up' && redis !== 'down' ? 'ok' : 'error';
    response.status(status === 'ok' ? 200 : 503);
    return { status, db, dbKind: this.handle.kind, redis };
  }
}

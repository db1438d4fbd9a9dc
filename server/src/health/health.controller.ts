import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { type HealthResponse, HealthResponseSchema } from '@plantao/shared';
import type { Response } from 'express';
import { sql } from 'kysely';
import { Public } from '../auth/authenticated-user';
import { jsonSchema } from '../common/openapi';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { RedisConnections } from '../redis/redis-connections';
import { PROBE_TIMEOUT_MS, within } from './bounded';
import { QueueStateReader } from './queue-state';
import { SERVER_VERSION } from './server-version';

/**
 * Liveness/readiness for load balancers: 503 when a dependency is down. The
 * probes and the queue reads run in parallel and are bounded: a hung
 * database or Redis reads as `down` (queues `null`) instead of holding the
 * answer (issue #8). The queues' backlog is reported, not judged: it does
 * not change the status.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly queues: QueueStateReader,
    @Optional() private readonly redis?: RedisConnections,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'Every dependency up', schema: jsonSchema(HealthResponseSchema) })
  @ApiServiceUnavailableResponse({ description: 'The database or Redis is down (same body)' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthResponse> {
    const [db, redis, inbox, outbound] = await Promise.all([
      within(
        sql`select 1 as ok`.execute(this.handle.db).then(() => 'up' as const),
        'down' as const,
      ),
      this.redis ? this.redis.ping(PROBE_TIMEOUT_MS).then((up) => (up ? ('up' as const) : ('down' as const))) : ('disabled' as const),
      within(this.queues.inbox(), null),
      within(this.queues.outbound(), null),
    ]);
    const status = db === 'up' && redis !== 'down' ? 'ok' : 'error';
    response.status(status === 'ok' ? 200 : 503);
    return { status, version: SERVER_VERSION, db, dbKind: this.handle.kind, redis, inbox, outbound };
  }
}

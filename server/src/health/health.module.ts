import { Module } from '@nestjs/common';
import { DatabaseModule } from '../db/database.module';
import { HealthController } from './health.controller';

/** `/health`: pings the database, and Redis when RedisModule provides it (global, optional). */
@Module({ imports: [DatabaseModule], controllers: [HealthController] })
export class HealthModule {}

import { Module } from '@nestjs/common';
import { DatabaseModule } from '../db/database.module';
import { MetricsModule } from '../metrics/metrics.module';
import { CriticalAlertAgeGauge } from './critical-alert-age';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { QueueStateReader } from './queue-state';

/**
 * The operations endpoints: `/health` (database, Redis when RedisModule
 * provides it (global, optional), the WhatsApp queues) and the `/metrics`
 * scrape, with the gauges read from the database at scrape time.
 */
@Module({
  imports: [DatabaseModule, MetricsModule],
  controllers: [HealthController, MetricsController],
  providers: [QueueStateReader, CriticalAlertAgeGauge],
})
export class HealthModule {}

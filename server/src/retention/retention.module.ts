import { Module } from '@nestjs/common';
import { DatabaseModule } from '../db/database.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RetentionService } from './retention.service';

/** LGPD retention (issue #11): the periodic purge of messages and alerts past each hospital's window. */
@Module({
  imports: [DatabaseModule, MetricsModule],
  providers: [RetentionService],
  exports: [RetentionService],
})
export class RetentionModule {}

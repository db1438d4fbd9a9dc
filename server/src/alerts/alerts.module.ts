import { Module } from '@nestjs/common';
import { BroadcastModule } from '../broadcast/broadcast.module';
import { DatabaseModule } from '../db/database.module';
import { MetricsModule } from '../metrics/metrics.module';
import { PriorityModule } from '../priority/priority.module';
import { AlertReceipts } from './alert-receipts';
import { AlertStore } from './alert-store';
import { AlertSubject } from './alert-subject';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

@Module({
  imports: [DatabaseModule, MetricsModule, PriorityModule, BroadcastModule],
  controllers: [AlertsController],
  providers: [AlertStore, AlertsService, AlertReceipts, AlertSubject],
  exports: [AlertsService, AlertReceipts, AlertStore],
})
export class AlertsModule {}

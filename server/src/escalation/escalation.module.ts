import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { BroadcastModule } from '../broadcast/broadcast.module';
import { DatabaseModule } from '../db/database.module';
import { PresenceModule } from '../presence/presence.module';
import { TenantsModule } from '../tenants/tenants.module';
import { CloudApiClient } from '../whatsapp/cloud-api.client';
import { EscalationOutbox } from './escalation-outbox';
import { EscalationScheduler } from './escalation-scheduler';
import { EscalationService } from './escalation.service';
import { NoStationWatch } from './no-station-watch';

/** Clinical safety (issue #9): escalation of unacknowledged critical alerts, "no station online", the external channels. */
@Module({
  imports: [DatabaseModule, AlertsModule, BroadcastModule, PresenceModule, TenantsModule],
  providers: [EscalationService, NoStationWatch, EscalationOutbox, EscalationScheduler, CloudApiClient],
  exports: [EscalationService, NoStationWatch, EscalationOutbox],
})
export class EscalationModule {}

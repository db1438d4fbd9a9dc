import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AuthModule } from '../auth/auth.module';
import { BroadcastModule } from '../broadcast/broadcast.module';
import { MetricsModule } from '../metrics/metrics.module';
import { PatientsModule } from '../patients/patients.module';
import { PresenceModule } from '../presence/presence.module';
import { AlertsGateway } from './alerts.gateway';

/**
 * The `/alerts` gateway: above the services it calls (alerts, patients), it
 * attaches the namespace to the Broadcaster those services emit through.
 * The Socket.io server itself (heartbeat, CORS, Redis adapter) is
 * `AlertsIoAdapter`, installed by `createApp`.
 */
@Module({
  imports: [AuthModule, AlertsModule, PatientsModule, PresenceModule, MetricsModule, BroadcastModule],
  providers: [AlertsGateway],
})
export class RealtimeModule {}

import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { DatabaseModule } from '../db/database.module';
import { MetricsModule } from '../metrics/metrics.module';
import { PriorityModule } from '../priority/priority.module';
import { TenantsModule } from '../tenants/tenants.module';
import { ClinicalAlertsService } from './clinical-alerts.service';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';
import { NoResponseService } from './no-response.service';
import { TriageService } from './triage.service';
import { VoiceNoteAlertsService } from './voice-note-alerts.service';

/**
 * What a patient's message means for the nurses: ingest (REST here, WhatsApp
 * through whatsapp/), triage, the alerts it raises, `no_response`, and voice
 * notes nobody could transcribe.
 */
@Module({
  imports: [DatabaseModule, MetricsModule, AlertsModule, ConversationsModule, PriorityModule, TenantsModule],
  controllers: [IngestController],
  providers: [IngestService, TriageService, ClinicalAlertsService, NoResponseService, VoiceNoteAlertsService],
  exports: [IngestService],
})
export class ClinicalModule {}

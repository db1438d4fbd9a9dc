import { Module } from '@nestjs/common';
import { ClinicalModule } from '../clinical/clinical.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { DatabaseModule } from '../db/database.module';
import { MetricsModule } from '../metrics/metrics.module';
import { TenantsModule } from '../tenants/tenants.module';
import { CloudApiClient } from './cloud-api.client';
import { OutboundQueueService } from './outbound-queue.service';
import { ReplyController } from './reply.controller';
import { VoiceTranscriber } from './voice-transcriber.service';
import { WebhookInboxService } from './webhook-inbox.service';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller';

/**
 * The WhatsApp channel: the signed webhook and its durable inbox (into
 * clinical ingest, voice notes transcribed on the way), and nurses' replies
 * through the durable outbound queue.
 */
@Module({
  imports: [DatabaseModule, MetricsModule, ClinicalModule, ConversationsModule, TenantsModule],
  controllers: [WhatsAppWebhookController, ReplyController],
  providers: [CloudApiClient, OutboundQueueService, WebhookInboxService, VoiceTranscriber],
})
export class WhatsAppModule {}

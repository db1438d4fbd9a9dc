import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { AlertStore } from './alerts/alert-store';
import { AuthModule } from './auth/auth.module';
import { Clock, SystemClock } from './common/clock';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './db/database.module';
import { HealthController } from './health/health.controller';
import { loggerOptions } from './logging/logger-options';
import { MetricsModule } from './metrics/metrics.module';
import { PatientsController } from './patients/patients.controller';
import { PatientsService } from './patients/patients.service';
import { PriorityService } from './priority/priority.service';
import { AlertsGateway } from './realtime/alerts.gateway';
import { Broadcaster } from './realtime/broadcaster';
import { RedisConnections } from './realtime/redis-connections';
import { RedisLifecycle } from './realtime/redis-lifecycle';
import { StationPageModule } from './station/station-page.module';
import { UsersModule } from './users/users.module';
import { ClinicalAlertsService } from './clinical/clinical-alerts.service';
import { IngestService } from './clinical/ingest.service';
import { NoResponseService } from './clinical/no-response.service';
import { TriageService } from './clinical/triage.service';
import { ConversationsController } from './conversations/conversations.controller';
import { ConversationsService } from './conversations/conversations.service';
import { StationConfigController } from './tenants/station-config.controller';
import { TenantSettingsController } from './tenants/tenant-settings.controller';
import { TenantSettingsService } from './tenants/tenant-settings.service';
import { CloudApiClient } from './whatsapp/cloud-api.client';
import { OutboundQueueService } from './whatsapp/outbound-queue.service';
import { WebhookInboxService } from './whatsapp/webhook-inbox.service';
import { WhatsAppWebhookController } from './whatsapp/whatsapp-webhook.controller';

export interface AppDependencies {
  clock?: Clock;
  redis?: RedisConnections;
}

/** The whole server, composed in one visible place. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, deps: AppDependencies = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        { module: ClockModule, global: true, providers: [{ provide: Clock, useValue: deps.clock ?? new SystemClock() }], exports: [Clock] },
        DatabaseModule,
        MetricsModule,
        AuthModule,
        UsersModule,
        StationPageModule,
      ],
      controllers: [PatientsController, AlertsController, HealthController, ConversationsController, TenantSettingsController, StationConfigController, WhatsAppWebhookController],
      providers: [
        Broadcaster,
        PatientsService,
        AlertStore,
        AlertsService,
        PriorityService,
        AlertsGateway,
        TenantSettingsService,
        ConversationsService,
        TriageService,
        ClinicalAlertsService,
        IngestService,
        NoResponseService,
        CloudApiClient,
        OutboundQueueService,
        WebhookInboxService,
        ...(deps.redis ? [{ provide: RedisConnections, useValue: deps.redis }, RedisLifecycle] : []),
      ],
    };
  }
}

@Module({})
class ClockModule {}

import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AlertsModule } from './alerts/alerts.module';
import { AuthModule } from './auth/auth.module';
import { BroadcastModule } from './broadcast/broadcast.module';
import { ClinicalModule } from './clinical/clinical.module';
import { type Clock, SystemClock } from './common/clock';
import { ClockModule } from './common/clock.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ConversationsModule } from './conversations/conversations.module';
import { DatabaseModule } from './db/database.module';
import { EscalationModule } from './escalation/escalation.module';
import { HealthModule } from './health/health.module';
import { loggerOptions } from './logging/logger-options';
import { MetricsModule } from './metrics/metrics.module';
import { PatientsModule } from './patients/patients.module';
import { PresenceModule } from './presence/presence.module';
import { PriorityModule } from './priority/priority.module';
import { RealtimeModule } from './realtime/realtime.module';
import type { RedisConnections } from './redis/redis-connections';
import { RedisModule } from './redis/redis.module';
import { RetentionModule } from './retention/retention.module';
import { StationModule } from './station/station.module';
import { TenantsModule } from './tenants/tenants.module';
import { UsersModule } from './users/users.module';
import { WhatsAppModule } from './whatsapp/whatsapp.module';

export interface AppDependencies {
  clock?: Clock;
  redis?: RedisConnections;
}

/**
 * The whole server, composed in one visible place: modules only. Values from
 * outside Nest (config, clock, Redis connections) enter through the global
 * `forRoot` modules; every feature module imports the modules it uses.
 * Listed bottom-up: each after the modules it imports (`npm run lint`
 * rejects an import cycle between folders).
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, deps: AppDependencies = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        ClockModule.forRoot(deps.clock ?? new SystemClock()),
        RedisModule.forRoot(deps.redis),
        DatabaseModule,
        MetricsModule,
        BroadcastModule,
        HealthModule,
        AuthModule,
        UsersModule,
        TenantsModule,
        RetentionModule,
        PatientsModule,
        PriorityModule,
        AlertsModule,
        ConversationsModule,
        ClinicalModule,
        WhatsAppModule,
        PresenceModule,
        EscalationModule,
        RealtimeModule,
        StationModule,
      ],
    };
  }
}

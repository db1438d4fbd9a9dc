import { Module } from '@nestjs/common';
import { DatabaseModule } from '../db/database.module';
import { StationConfigController } from './station-config.controller';
import { TenantSettingsController } from './tenant-settings.controller';
import { TenantSettingsService } from './tenant-settings.service';
import { WhatsAppNumberVerifier } from './whatsapp-number-verifier';

/** Per-hospital settings (admin) and the station config every station reads. */
@Module({
  imports: [DatabaseModule],
  controllers: [TenantSettingsController, StationConfigController],
  providers: [TenantSettingsService, WhatsAppNumberVerifier],
  exports: [TenantSettingsService],
})
export class TenantsModule {}

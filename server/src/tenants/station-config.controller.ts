import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '../auth/authenticated-user';
import { TenantSettingsService } from './tenant-settings.service';

/** The part of the hospital's settings every station reads at connect: alarm window and time zone. */
@ApiTags('tenant')
@ApiBearerAuth()
@Controller('api/station/config')
@Roles('admin', 'nurse', 'agent')
export class StationConfigController {
  constructor(private readonly settings: TenantSettingsService) {}

  @Get()
  get(@CurrentUser() user: AuthenticatedUser) {
    return this.settings.stationConfig(user.tenantId);
  }
}

import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { type TenantSettingsRequest, TenantSettingsRequestSchema } from '@plantao/shared';
import { type AuthenticatedUser, CurrentUser, Roles } from '../auth/authenticated-user';
import { jsonSchema } from '../common/openapi';
import { ZodPipe } from '../common/zod-body.pipe';
import { TenantSettingsService } from './tenant-settings.service';

/** A hospital admin connects its WhatsApp number and tunes alerting here. */
@ApiTags('tenant')
@ApiBearerAuth()
@Controller('api/tenant/settings')
@Roles('admin')
export class TenantSettingsController {
  constructor(private readonly settings: TenantSettingsService) {}

  @Get()
  get(@CurrentUser() user: AuthenticatedUser) {
    return this.settings.view(user.tenantId);
  }

  @Put()
  @ApiBody({ schema: jsonSchema(TenantSettingsRequestSchema) })
  update(@CurrentUser() user: AuthenticatedUser, @Body(new ZodPipe(TenantSettingsRequestSchema)) body: TenantSettingsRequest) {
    return this.settings.update(user.tenantId, body);
  }
}

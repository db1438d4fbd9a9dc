import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type PresenceResponse, PresenceResponseSchema } from '@plantao/shared';
import { type AuthenticatedUser, CurrentUser, Roles } from '../auth/authenticated-user';
import { jsonSchema } from '../common/openapi';
import { PresenceService } from './presence.service';

/** `GET /api/presence`: the stations of the caller's hospital online now (issue #9), for nurses and IT. */
@ApiTags('presence')
@ApiBearerAuth()
@Controller('api/presence')
@Roles('nurse', 'admin')
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  @Get()
  @ApiOkResponse({ schema: jsonSchema(PresenceResponseSchema) })
  list(@CurrentUser() user: AuthenticatedUser): Promise<PresenceResponse> {
    return this.presence.list(user.tenantId);
  }
}

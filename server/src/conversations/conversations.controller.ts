import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IdSchema } from '@plantao/shared';
import { type AuthenticatedUser, CurrentUser, Roles } from '../auth/authenticated-user';
import { ZodPipe } from '../common/zod-body.pipe';
import { ConversationsService } from './conversations.service';

/**
 * Reading and handling conversations. Two more routes share the
 * `api/conversations` prefix: `POST messages` (clinical/ingest.controller.ts)
 * and `POST :id/reply` (whatsapp/reply.controller.ts).
 */
@ApiTags('conversations')
@ApiBearerAuth()
@Controller('api/conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get()
  list(@CurrentUser() user: AuthenticatedUser) {
    return this.conversations.list(user.tenantId);
  }

  @Get(':id/messages')
  messages(@CurrentUser() user: AuthenticatedUser, @Param('id', new ZodPipe(IdSchema)) id: string) {
    return this.conversations.messages(user.tenantId, id);
  }

  @Post(':id/assume')
  @HttpCode(200)
  @Roles('nurse', 'admin')
  assume(@CurrentUser() user: AuthenticatedUser, @Param('id', new ZodPipe(IdSchema)) id: string) {
    return this.conversations.assume(user.tenantId, id, user);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('nurse', 'admin')
  resolve(@CurrentUser() user: AuthenticatedUser, @Param('id', new ZodPipe(IdSchema)) id: string) {
    return this.conversations.resolve(user.tenantId, id, user);
  }
}

import { randomUUID } from 'node:crypto';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdSchema, type ReplyRequest, ReplyRequestSchema } from '@plantao/shared';
import { type AuthenticatedUser, CurrentUser, Roles } from '../auth/authenticated-user';
import { Clock } from '../common/clock';
import { jsonSchema } from '../common/openapi';
import { ZodPipe } from '../common/zod-body.pipe';
import { toMessage } from '../conversations/conversation-mapper';
import { ConversationsService } from '../conversations/conversations.service';
import { OutboundQueueService } from './outbound-queue.service';

/**
 * `POST /api/conversations/:id/reply`: a reply leaves through WhatsApp, so the
 * route lives with the outbound queue and calls down into conversations
 * (conversations knows nothing of WhatsApp).
 */
@ApiTags('conversations')
@ApiBearerAuth()
@Controller('api/conversations')
export class ReplyController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly outbound: OutboundQueueService,
    private readonly clock: Clock,
  ) {}

  /** A nurse's reply: stored and shown at once (pending), sent to WhatsApp by the outbound queue. */
  @Post(':id/reply')
  @Roles('nurse', 'admin')
  // The operationId it had under ConversationsController, so generated API clients keep their method name.
  @ApiOperation({ operationId: 'ConversationsController_reply' })
  @ApiBody({ schema: jsonSchema(ReplyRequestSchema) })
  async reply(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ZodPipe(IdSchema)) id: string,
    @Body(new ZodPipe(ReplyRequestSchema)) body: ReplyRequest,
  ) {
    const messageId = `out:${randomUUID()}`;
    const { message, conversation } = await this.conversations.recordReply(user.tenantId, id, messageId, body.content, user.userId);
    await this.outbound.enqueue(user.tenantId, messageId, id, conversation.contact_phone!, body.content);
    return { conversationId: id, message: toMessage(message), at: this.clock.isoNow() };
  }
}

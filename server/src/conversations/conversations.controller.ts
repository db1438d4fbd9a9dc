import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { IdSchema, type IngestMessageRequest, IngestMessageRequestSchema, type ReplyRequest, ReplyRequestSchema } from '@plantao/shared';
import type { Response } from 'express';
import { type AuthenticatedUser, CurrentUser, Roles } from '../auth/authenticated-user';
import { IngestService } from '../clinical/ingest.service';
import { Clock } from '../common/clock';
import { jsonSchema } from '../common/openapi';
import { ZodPipe } from '../common/zod-body.pipe';
import { OutboundQueueService } from '../whatsapp/outbound-queue.service';
import { ConversationsService } from './conversations.service';
import { toMessage } from './conversation-mapper';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('api/conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly ingest: IngestService,
    private readonly outbound: OutboundQueueService,
    private readonly clock: Clock,
  ) {}

  /** A message from an agent that is not WhatsApp: same processing as the webhook. 201, or 200 for a repeated messageId. */
  @Post('messages')
  @Roles('agent', 'admin')
  @ApiBody({ schema: jsonSchema(IngestMessageRequestSchema) })
  async ingestMessage(
    @CurrentUser() user: AuthenticatedUser,
    @Body(new ZodPipe(IngestMessageRequestSchema)) body: IngestMessageRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.ingest.ingestAgentMessage(user.tenantId, body);
    response.status(result.duplicate ? 200 : 201);
    return result;
  }

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

  /** A nurse's reply: stored and shown at once (pending), sent to WhatsApp by the outbound queue. */
  @Post(':id/reply')
  @Roles('nurse', 'admin')
  @ApiBody({ schema: jsonSchema(ReplyRequestSchema) })
  async reply(@CurrentUser() user: AuthenticatedUser, @Param('id', new ZodPipe(IdSchema)) id: string, @Body(new ZodPipe(ReplyRequestSchema)) body: ReplyRequest) {
    const messageId = `out:${randomUUID()}`;
    const { message, conversation } = await this.conversations.recordReply(user.tenantId, id, messageId, body.content, user.userId);
    await this.outbound.enqueue(user.tenantId, messageId, id, conversation.contact_phone!, body.content);
    return { conversationId: id, message: toMessage(message), at: this.clock.isoNow() };
  }
}

import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type IngestMessageRequest, IngestMessageRequestSchema } from '@plantao/shared';
import type { Response } from 'express';
import { type AuthenticatedUser, CurrentUser, Roles } from '../auth/authenticated-user';
import { jsonSchema } from '../common/openapi';
import { ZodPipe } from '../common/zod-body.pipe';
import { IngestService } from './ingest.service';

/** `POST /api/conversations/messages`: the REST door into clinical ingest, beside the WhatsApp webhook. */
@ApiTags('conversations')
@ApiBearerAuth()
@Controller('api/conversations')
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  /** A message from an agent that is not WhatsApp: same processing as the webhook. 201, or 200 for a repeated messageId. */
  @Post('messages')
  @Roles('agent', 'admin')
  // The operationId it had under ConversationsController, so generated API clients keep their method name.
  @ApiOperation({ operationId: 'ConversationsController_ingestMessage' })
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
}

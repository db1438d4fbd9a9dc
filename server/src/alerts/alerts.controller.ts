import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { type CreateAlertRequest, CreateAlertRequestSchema, IdSchema, type ListAlertsQuery, ListAlertsQuerySchema } from '@plantao/shared';
import type { Response } from 'express';
import { type AuthenticatedUser, CurrentUser, Roles } from '../auth/authenticated-user';
import { jsonSchema } from '../common/openapi';
import { ZodPipe } from '../common/zod-body.pipe';
import { AlertSubject } from './alert-subject';
import { AlertsService } from './alerts.service';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly subject: AlertSubject,
  ) {}

  /**
   * 201 with the stored alert; 200 with the existing one when `externalId` was
   * seen before; 422 (nothing stored) when the patient is unknown or named differently.
   */
  @Post()
  @Roles('admin', 'agent')
  @ApiBody({ schema: jsonSchema(CreateAlertRequestSchema) })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body(new ZodPipe(CreateAlertRequestSchema)) body: CreateAlertRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const acceptedAt = Date.now();
    const checked = await this.subject.fromRecord(user.tenantId, body);
    const { alert, created } = await this.alerts.raise(user.tenantId, checked, acceptedAt);
    response.status(created ? 201 : 200);
    return alert;
  }

  @Get()
  list(@CurrentUser() user: AuthenticatedUser, @Query(new ZodPipe(ListAlertsQuerySchema)) query: ListAlertsQuery) {
    return this.alerts.list(user.tenantId, query.afterSeq, query.limit);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Roles('nurse', 'admin')
  read(@CurrentUser() user: AuthenticatedUser, @Param('id', new ZodPipe(IdSchema)) id: string) {
    return this.alerts.markRead(user.tenantId, id, user.userId);
  }

  @Post(':id/ack')
  @HttpCode(200)
  @Roles('nurse', 'admin')
  ack(@CurrentUser() user: AuthenticatedUser, @Param('id', new ZodPipe(IdSchema)) id: string) {
    return this.alerts.acknowledge(user.tenantId, id, user.userId);
  }

  @Get(':id/audit')
  @Roles('nurse', 'admin')
  audit(@CurrentUser() user: AuthenticatedUser, @Param('id', new ZodPipe(IdSchema)) id: string) {
    return this.alerts.audit(user.tenantId, id);
  }
}

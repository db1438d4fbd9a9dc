import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  type CreatePatientRequest,
  CreatePatientRequestSchema,
  IdSchema,
  type UpdatePatientStatusRequest,
  UpdatePatientStatusRequestSchema,
} from '@plantao/shared';
import { z } from 'zod';
import { type AuthenticatedUser, CurrentUser, Roles } from '../auth/authenticated-user';
import { jsonSchema } from '../common/openapi';
import { ZodPipe } from '../common/zod-body.pipe';
import { PatientsService } from './patients.service';

const SortSchema = z.enum(['name', 'priority']).default('name');

@ApiTags('patients')
@ApiBearerAuth()
@Controller('api/patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Post()
  @Roles('admin', 'agent')
  @ApiBody({ schema: jsonSchema(CreatePatientRequestSchema) })
  create(@CurrentUser() user: AuthenticatedUser, @Body(new ZodPipe(CreatePatientRequestSchema)) body: CreatePatientRequest) {
    return this.patients.create(user.tenantId, body);
  }

  @Get()
  @ApiQuery({ name: 'sort', enum: ['name', 'priority'], required: false })
  list(@CurrentUser() user: AuthenticatedUser, @Query('sort', new ZodPipe(SortSchema)) sort: 'name' | 'priority') {
    return this.patients.list(user.tenantId, sort);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new ZodPipe(IdSchema)) id: string) {
    return this.patients.get(user.tenantId, id);
  }

  @Patch(':id')
  @Roles('admin', 'agent', 'nurse')
  @ApiBody({ schema: jsonSchema(UpdatePatientStatusRequestSchema) })
  updateStatus(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ZodPipe(IdSchema)) id: string,
    @Body(new ZodPipe(UpdatePatientStatusRequestSchema)) body: UpdatePatientStatusRequest,
  ) {
    return this.patients.updateStatus(user.tenantId, id, body.status, user.userId);
  }
}

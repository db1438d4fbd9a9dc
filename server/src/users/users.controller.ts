import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { type CreateUserRequest, CreateUserRequestSchema } from '@plantao/shared';
import { type AuthenticatedUser, CurrentUser, Roles } from '../auth/authenticated-user';
import { jsonSchema } from '../common/openapi';
import { ZodPipe } from '../common/zod-body.pipe';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiBody({ schema: jsonSchema(CreateUserRequestSchema) })
  create(@CurrentUser() user: AuthenticatedUser, @Body(new ZodPipe(CreateUserRequestSchema)) body: CreateUserRequest) {
    return this.users.create(user.tenantId, body);
  }

  @Get()
  list(@CurrentUser() user: AuthenticatedUser) {
    return this.users.list(user.tenantId);
  }
}

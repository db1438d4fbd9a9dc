import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  type CreateUserRequest,
  CreateUserRequestSchema,
  IdSchema,
  type ResetPasswordRequest,
  ResetPasswordRequestSchema,
  UserSummarySchema,
} from '@plantao/shared';
import { type AuthenticatedUser, CurrentUser, Roles } from '../auth/authenticated-user';
import { jsonSchema } from '../common/openapi';
import { ZodPipe } from '../common/zod-body.pipe';
import { UsersService } from './users.service';

/** The hospital's accounts, for its admins (issue #11: lifecycle). Another hospital's user id is a 404. */
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
  @ApiOkResponse({ schema: jsonSchema(UserSummarySchema.array()) })
  list(@CurrentUser() user: AuthenticatedUser) {
    return this.users.list(user.tenantId);
  }

  /** Signs the user out everywhere at once; they are refused until enabled again. */
  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({ schema: jsonSchema(UserSummarySchema) })
  @ApiNotFoundResponse({ description: 'No such user in your hospital' })
  @ApiConflictResponse({ description: '`code: cannot_disable_self`: an admin cannot disable their own account' })
  disable(@CurrentUser() user: AuthenticatedUser, @Param('id', new ZodPipe(IdSchema)) id: string) {
    return this.users.disable(user.tenantId, id, user.userId);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ schema: jsonSchema(UserSummarySchema) })
  @ApiNotFoundResponse({ description: 'No such user in your hospital' })
  enable(@CurrentUser() user: AuthenticatedUser, @Param('id', new ZodPipe(IdSchema)) id: string) {
    return this.users.enable(user.tenantId, id);
  }

  /** The new password is under the same policy as a new user's; every session of the user is revoked. */
  @Post(':id/reset-password')
  @HttpCode(204)
  @ApiBody({ schema: jsonSchema(ResetPasswordRequestSchema) })
  @ApiNoContentResponse({ description: "Password changed; the user's refresh tokens are revoked" })
  @ApiNotFoundResponse({ description: 'No such user in your hospital' })
  async resetPassword(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ZodPipe(IdSchema)) id: string,
    @Body(new ZodPipe(ResetPasswordRequestSchema)) body: ResetPasswordRequest,
  ): Promise<void> {
    await this.users.resetPassword(user.tenantId, id, body.password);
  }
}

import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { type LoginRequest, LoginRequestSchema, type RefreshRequest, RefreshRequestSchema } from '@plantao/shared';
import { jsonSchema } from '../common/openapi';
import { ZodPipe } from '../common/zod-body.pipe';
import { AuthService } from './auth.service';
import { Public } from './authenticated-user';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiBody({ schema: jsonSchema(LoginRequestSchema) })
  login(@Body(new ZodPipe(LoginRequestSchema)) body: LoginRequest) {
    return this.auth.login(body.email, body.password);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiBody({ schema: jsonSchema(RefreshRequestSchema) })
  refresh(@Body(new ZodPipe(RefreshRequestSchema)) body: RefreshRequest) {
    return this.auth.refresh(body.refreshToken);
  }
}

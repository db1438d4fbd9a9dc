import { Body, Controller, HttpCode, Ip, Post, Res } from '@nestjs/common';
import { ApiBody, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { type LoginRequest, LoginRequestSchema, type RefreshRequest, RefreshRequestSchema } from '@plantao/shared';
import type { Response } from 'express';
import { jsonSchema } from '../common/openapi';
import { ZodPipe } from '../common/zod-body.pipe';
import { AuthService } from './auth.service';
import { Public } from './authenticated-user';
import { LoginThrottledException } from './login-throttle';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiBody({ schema: jsonSchema(LoginRequestSchema) })
  @ApiTooManyRequestsResponse({
    description: 'Too many failed sign-ins for this account or address; `Retry-After` says how many seconds to wait',
  })
  async login(@Body(new ZodPipe(LoginRequestSchema)) body: LoginRequest, @Ip() ip: string, @Res({ passthrough: true }) res: Response) {
    try {
      return await this.auth.login(body.email, body.password, ip);
    } catch (error) {
      if (error instanceof LoginThrottledException) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiBody({ schema: jsonSchema(RefreshRequestSchema) })
  refresh(@Body(new ZodPipe(RefreshRequestSchema)) body: RefreshRequest) {
    return this.auth.refresh(body.refreshToken);
  }
}

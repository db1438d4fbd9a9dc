import { Body, Controller, HttpCode, Ip, Post, Res } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import {
  type LoginRequest,
  LoginRequestSchema,
  type LogoutRequest,
  LogoutRequestSchema,
  type RefreshRequest,
  RefreshRequestSchema,
} from '@plantao/shared';
import type { Response } from 'express';
import { jsonSchema } from '../common/openapi';
import { ZodPipe } from '../common/zod-body.pipe';
import { AuthService } from './auth.service';
import { Public } from './authenticated-user';
import { Metrics } from '../metrics/metrics.service';
import { loginFailureReason } from './login-failure-reason';
import { LoginThrottledException } from './login-throttle';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly metrics: Metrics,
  ) {}

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
      const reason = loginFailureReason(error);
      if (reason) this.metrics.failedLogins.inc({ reason });
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

  /** No access token needed: a station signing out may hold only an expired one. */
  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiBody({ schema: jsonSchema(LogoutRequestSchema) })
  @ApiNoContentResponse({ description: "The token's family is revoked; an unknown token is answered the same (no oracle)" })
  async logout(@Body(new ZodPipe(LogoutRequestSchema)) body: LogoutRequest): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }
}

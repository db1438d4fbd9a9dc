import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DatabaseModule } from '../db/database.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { TenantRegistry } from './tenant-registry';
import { TokenService } from './token.service';

/**
 * Login, refresh and the global REST guard. Every other feature imports only
 * the decorators in `authenticated-user.ts` (no DI); the gateway imports this
 * module for `TokenService`.
 */
@Module({
  imports: [DatabaseModule],
  controllers: [AuthController],
  providers: [AuthService, TokenService, LoginThrottle, TenantRegistry, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService],
})
export class AuthModule {}

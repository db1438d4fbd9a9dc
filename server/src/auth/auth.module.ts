import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DatabaseModule } from '../db/database.module';
import { MetricsModule } from '../metrics/metrics.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { TenantRegistry } from './tenant-registry';
import { TokenService } from './token.service';
import { UserStatus } from './user-status';

/**
 * Login, refresh, logout and the global REST guard. Every other feature
 * imports only the decorators in `authenticated-user.ts` (no DI); the gateway
 * imports this module for `TokenService` and `UserStatus` (the handshake
 * refuses disabled users too).
 */
@Module({
  imports: [DatabaseModule, MetricsModule],
  controllers: [AuthController],
  providers: [AuthService, TokenService, LoginThrottle, TenantRegistry, UserStatus, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService, UserStatus],
})
export class AuthModule {}

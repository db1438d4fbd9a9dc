import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { TenantRegistry } from '../tenants/tenant-registry';
import { TokenService } from './token.service';

@Global()
@Module({
  controllers: [AuthController],
  providers: [AuthService, TokenService, TenantRegistry, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService, TenantRegistry],
})
export class AuthModule {}

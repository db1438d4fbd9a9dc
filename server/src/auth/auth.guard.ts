import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@plantao/shared';
import { type AuthenticatedUser, PUBLIC_KEY, ROLES_KEY } from './authenticated-user';
import { TenantRegistry } from './tenant-registry';
import { TokenService } from './token.service';
import { accountDisabled, UserStatus } from './user-status';

/**
 * Global REST guard: verifies the Bearer token (401), that its user is not
 * disabled (401 `account_disabled`) and the route's roles (403). Registered
 * once as APP_GUARD so no route is unprotected by omission.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly tenants: TenantRegistry,
    private readonly status: UserStatus,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthorizedException('Missing bearer token');
    const result = await this.tokens.verifyAccessToken(token);
    if (!result.ok) throw new UnauthorizedException(result.reason === 'token_expired' ? 'Token expired' : 'Invalid token');
    const { sub, tenantId, role, name } = result.claims;
    // Before the role check: a disabled account is told so whatever the route (one primary-key lookup, see UserStatus).
    if (await this.status.isDisabled(tenantId, sub)) throw accountDisabled();
    request.user = { userId: sub, tenantId, role, name };

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(role)) throw new ForbiddenException(`Role ${role} may not do this`);
    await this.tenants.ensure(tenantId);
    return true;
  }
}

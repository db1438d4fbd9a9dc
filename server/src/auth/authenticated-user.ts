import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@plantao/shared';

/** Who is calling, taken only from the verified access token. */
export interface AuthenticatedUser {
  userId: string;
  tenantId: string;
  role: Role;
  name?: string;
}

export const ROLES_KEY = 'plantao:roles';
/** Roles allowed on a route; routes without it accept any authenticated role. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const PUBLIC_KEY = 'plantao:public';
/** A route that needs no token (login, refresh, webhooks, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  const request = ctx.switchToHttp().getRequest<{ user?: AuthenticatedUser }>();
  if (!request.user) throw new Error('CurrentUser used on a route without authentication');
  return request.user;
});

import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { Role } from '@plantao/shared';
import { PUBLIC_KEY, ROLES_KEY } from '../auth/authenticated-user';

/** Who may call a route, read from the same metadata the AuthGuard enforces (so the docs cannot promise otherwise). */
export interface RouteAccess {
  /** No access token (`@Public()`). */
  public: boolean;
  /** `@Roles(...)`; undefined: any signed-in role. */
  roles?: Role[];
}

/** `post /api/alerts/{id}/read`: OpenAPI's method and path template. */
export type RouteKey = `${string} /${string}`;

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [value === undefined ? '' : String(value)]);

function openApiPath(...parts: string[]): string {
  const joined = `/${parts.join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return joined.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * Every HTTP route of the app with its access rule, keyed like the OpenAPI
 * document (`get /api/patients/{id}`). Handler metadata wins over the
 * controller's, as in the guard (`getAllAndOverride`).
 */
export function routeAccess(modules: ModulesContainer): Map<RouteKey, RouteAccess> {
  const scanner = new MetadataScanner();
  const routes = new Map<RouteKey, RouteAccess>();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as object;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined || !Reflect.hasMetadata(PATH_METADATA, handler)) continue;
        const read = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) as T | undefined) ?? (Reflect.getMetadata(key, controller) as T | undefined);
        const access: RouteAccess = { public: read<boolean>(PUBLIC_KEY) === true, roles: read<Role[]>(ROLES_KEY) };
        for (const base of asList(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const path of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
            routes.set(`${RequestMethod[method].toLowerCase()} ${openApiPath(base, path)}` as RouteKey, access);
          }
        }
      }
    }
  }
  return routes;
}

import type { OpenAPIObject } from '@nestjs/swagger';
import { ErrorResponseSchema, RoleSchema } from '@plantao/shared';
import { jsonSchema } from '../common/openapi';
import type { RouteAccess, RouteKey } from './route-access';
import type { RouteDoc } from './route-docs';

type Operation = {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; [field: string]: unknown }[];
  requestBody?: unknown;
  responses: Record<string, { description?: string; content?: unknown }>;
  security?: unknown[];
  [extension: `x-${string}`]: unknown;
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;
const ALL_ROLES = RoleSchema.options;
const ERROR_REF = { $ref: '#/components/schemas/ErrorResponse' };

/** The refusals any route may give, by what the route has (a body, path parameters, roles). */
function commonErrors(path: string, operation: Operation, access: RouteAccess | undefined): Record<number, string> {
  const errors: Record<number, string> = {};
  const restricted = access?.roles !== undefined && ALL_ROLES.some((role) => !access.roles!.includes(role));
  if (operation.requestBody || operation.parameters?.length) {
    errors[400] =
      '`code: invalid_payload`: the body, query or path failed validation; `message` and `details` name each field, an unknown key included';
  }
  if (!access?.public) errors[401] = 'Missing, invalid or expired access token (`code: account_disabled` for a disabled account)';
  if (restricted) errors[403] = "The caller's role may not do this";
  if (path.includes('{')) errors[404] = "No such resource in the caller's hospital (another hospital's reads exactly the same)";
  if (operation.requestBody) errors[413] = 'Body larger than BODY_LIMIT';
  if (path.startsWith('/api/')) {
    errors[503] = '`code: database_unavailable`: the database is unreachable or busy; retry after `Retry-After` seconds';
  }
  return errors;
}

function rolesLine(access: RouteAccess | undefined): { roles: string[]; line: string } {
  if (access?.public) return { roles: [], line: '**Access:** no access token.' };
  const roles = access?.roles ?? [...ALL_ROLES];
  return { roles, line: `**Roles:** ${roles.join(', ')}.` };
}

/**
 * Makes the generated document one an integrator can use alone: every
 * operation gets its summary and success schemas (from `ROUTE_DOCS` when its
 * controller does not say), its roles (`x-roles` and a line of description,
 * from the metadata the guard enforces) and its refusals in the contract's
 * error shape. What a controller declared itself is kept.
 */
export function completeOpenApi(
  document: OpenAPIObject,
  access: ReadonlyMap<RouteKey, RouteAccess>,
  docs: Readonly<Record<RouteKey, RouteDoc>>,
): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ErrorResponse: jsonSchema(ErrorResponseSchema, 'output') },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const key = `${method} ${path}` as RouteKey;
      const doc = docs[key];
      const rule = access.get(key);

      operation.summary ||= doc?.summary;
      const { roles, line } = rolesLine(rule);
      operation['x-roles'] = roles;
      operation.description = [doc?.description, operation.description, line].filter(Boolean).join('\n\n');
      operation.security = rule?.public ? [] : [{ bearer: [] }];

      if (doc?.body && !operation.requestBody) {
        operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(doc.body) } } };
      }
      for (const header of doc?.headers ?? []) {
        const parameters = (operation.parameters ?? []).filter(
          (p) => !(p.in === 'header' && p.name.toLowerCase() === header.name.toLowerCase()),
        );
        operation.parameters = [...parameters, { in: 'header', schema: { type: 'string' }, ...header }];
      }

      for (const [status, success] of Object.entries(doc?.responses ?? {})) {
        const existing = operation.responses[status];
        if (existing?.content) continue;
        const content = success.text
          ? { [success.text]: { schema: { type: 'string' } } }
          : success.schema
            ? { 'application/json': { schema: jsonSchema(success.schema, 'output') } }
            : undefined;
        operation.responses[status] = { description: existing?.description || success.description, ...(content ? { content } : {}) };
      }
      // Refusals a controller declared without a body are in the error shape too.
      const declared = Object.keys(operation.responses).filter((status) => /^[45]/.test(status));
      const errors: Record<string, string> = {
        ...Object.fromEntries(declared.map((status) => [status, ''] as const)),
        ...commonErrors(path, operation, rule),
        ...doc?.errors,
      };
      for (const [status, description] of Object.entries(errors)) {
        const existing = operation.responses[status];
        if (existing?.content) continue;
        operation.responses[status] = {
          description: existing?.description || description,
          content: { 'application/json': { schema: ERROR_REF } },
        };
      }
    }
  }
  return document;
}

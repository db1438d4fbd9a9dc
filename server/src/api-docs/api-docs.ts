import { ModulesContainer } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { buildAsyncApi } from '@plantao/shared';
import type { Express, Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { completeOpenApi } from './complete-openapi';
import { routeAccess } from './route-access';
import { ROUTE_DOCS } from './route-docs';

export const OPENAPI_PATH = 'api/docs';
export const ASYNCAPI_PATH = '/api/docs/asyncapi.json';

const DESCRIPTION = [
  'REST surface of the Plantão server (contract v1 and its additions). Socket.io namespace `/alerts`: AsyncAPI at `/api/docs/asyncapi.json`.',
  'Every error is JSON `{statusCode, error, message, code?, details?}` (`ErrorResponse`): `code` is machine-readable where the server has one ' +
    '(`invalid_payload`, `unknown_patient`, `patient_mismatch`, `phone_in_use`, `database_unavailable`, …) and `details` lists the fields at fault.',
  'Request bodies are strict: an unknown key is refused (400 `invalid_payload`, `details` naming it), so a misspelled field never passes ' +
    'silently. Only `tenantId` and `userId` are dropped instead, as contract v1 says: tenant and user come from the access token, never from a body.',
].join('\n\n');

/** The OpenAPI 3.0 document of this app, completed for integrators (roles, errors, summaries). */
export function buildOpenApi(app: NestExpressApplication): OpenAPIObject {
  const generated = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Plantão API').setDescription(DESCRIPTION).setVersion('1').addBearerAuth().build(),
  );
  return completeOpenApi(generated, routeAccess(app.get(ModulesContainer)), ROUTE_DOCS);
}

/**
 * Serves the API documents unless API_DOCS=false: OpenAPI (Swagger UI at
 * `/api/docs`, JSON at `/api/docs-json`) and the AsyncAPI of `/alerts` at
 * `/api/docs/asyncapi.json`, the very document `npm run docs:asyncapi` writes
 * to docs/asyncapi.json. Call before `app.init()` so they come before the 404.
 */
export function setupApiDocs(app: NestExpressApplication, config: Pick<AppConfig, 'apiDocs'>): void {
  if (!config.apiDocs) return;
  const asyncApi = buildAsyncApi();
  // Registered before Swagger UI's static files, which live under the same prefix.
  const express = app.getHttpAdapter().getInstance() as Express;
  express.get(ASYNCAPI_PATH, (_req: Request, res: Response) => {
    res.json(asyncApi);
  });
  SwaggerModule.setup(OPENAPI_PATH, app, buildOpenApi(app));
}

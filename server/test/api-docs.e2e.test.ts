import SwaggerParser from '@apidevtools/swagger-parser';
import { Parser } from '@asyncapi/parser';
import { buildAsyncApi } from '@plantao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_DOCS } from '../src/api-docs/route-docs';
import { api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

type Operation = {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
  security?: unknown[];
  'x-roles'?: string[];
};
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

const operations = (doc: OpenApi) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ key: `${method} ${path}`, operation })),
  );

describe('API docs an integrator can use alone (issue #11)', () => {
  let db: TestDatabase;
  let server: TestServer;
  let t: TenantFixture;
  let doc: OpenApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url, env: { SWEEP_INTERVAL_MS: '0' } });
    t = await seedTenant(db.url);
    const response = await fetch(`${server.url}/api/docs-json`);
    expect(response.status).toBe(200);
    doc = (await response.json()) as OpenApi;
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('is a valid OpenAPI 3.0 document for @apidevtools/swagger-parser (0 errors)', async () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d$/);
    // validate() dereferences in place: give it a copy. It throws with every error listed.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    // JSON Schema 2020-12 keywords are not OpenAPI 3.0: none may be left anywhere.
    expect(JSON.stringify(doc)).not.toMatch(/"\$schema"|"const"|"\$defs"|"prefixItems"|"unevaluatedProperties"/);
  });

  it('gives every route a summary, its roles, its request and answer schemas, and its errors in the contract shape', () => {
    const problems: string[] = [];
    for (const { key, operation } of operations(doc)) {
      if (!operation.summary?.trim()) problems.push(`${key}: no summary`);
      if (!Array.isArray(operation['x-roles']) || !/\*\*(Roles|Access):\*\*/.test(operation.description ?? '')) {
        problems.push(`${key}: roles not documented`);
      }
      const successes = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      if (successes.length === 0) problems.push(`${key}: no success answer`);
      for (const [status, answer] of successes) {
        if (status !== '204' && !answer.content) problems.push(`${key}: ${status} has no schema`);
      }
      const errors = Object.entries(operation.responses).filter(([status]) => /^[45]/.test(status));
      if (errors.length === 0) problems.push(`${key}: no error answers`);
      for (const [status, answer] of errors) {
        const schema = answer.content?.['application/json']?.schema as { $ref?: string } | undefined;
        if (key !== 'get /health' && schema?.$ref !== '#/components/schemas/ErrorResponse')
          problems.push(`${key}: ${status} not ErrorResponse`);
      }
      if (operation.requestBody && !operation.responses['400']) problems.push(`${key}: body but no 400`);
      if (!(key in ROUTE_DOCS)) problems.push(`${key}: missing in server/src/api-docs/route-docs.ts`);
    }
    const documented = new Set(operations(doc).map((o) => o.key));
    for (const key of Object.keys(ROUTE_DOCS)) if (!documented.has(key)) problems.push(`${key}: in route-docs.ts but no such route`);
    expect(problems).toEqual([]);
  });

  it('says who may call what, from the same metadata the guard enforces', () => {
    const op = (method: string, path: string) => doc.paths[path]![method]!;
    expect(op('post', '/api/alerts')['x-roles']).toEqual(['admin', 'agent']);
    expect(op('post', '/api/alerts').description).toContain('**Roles:** admin, agent.');
    expect([...op('get', '/api/alerts')['x-roles']!].sort()).toEqual(['admin', 'agent', 'nurse']);
    expect(op('post', '/api/webhooks/whatsapp').security).toEqual([]);
    expect(op('post', '/api/webhooks/whatsapp')['x-roles']).toEqual([]);
    expect(op('post', '/api/alerts').security).toEqual([{ bearer: [] }]);
  });

  it('documents the refusals integrators meet: unknown patient, conflicting name, duplicate phone, unknown fields', () => {
    const alerts = doc.paths['/api/alerts']!.post!;
    expect(alerts.responses['422']!.description).toMatch(/unknown_patient[\s\S]*patientId[\s\S]*patient_mismatch[\s\S]*patientName/);
    expect(alerts.responses['400']!.description).toMatch(/invalid_payload[\s\S]*unknown key/);
    const body = alerts.requestBody!.content['application/json']!.schema as { additionalProperties?: boolean; required?: string[] };
    expect(body.additionalProperties).toBe(false);
    expect(doc.paths['/api/patients']!.post!.responses['409']!.description).toMatch(/phone_in_use/);
    const ingest = doc.paths['/api/conversations/messages']!.post!.requestBody!.content['application/json']!.schema as {
      properties: Record<string, { description?: string }>;
    };
    expect(ingest.properties.sender!.description).toMatch(/`paciente`.*→ patient.*Any other label counts as the patient/);
    expect(ingest.properties.conversationId!.description).toMatch(/same conversationId and the same patientId/);
    const error = doc.components.schemas.ErrorResponse as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(error.properties)).toEqual(['statusCode', 'error', 'message', 'code', 'details']);
    expect(error.required).toEqual(['statusCode', 'error', 'message']);
  });

  it('documents the WhatsApp webhook body and its signature header', () => {
    const webhook = doc.paths['/api/webhooks/whatsapp']!.post!;
    const body = webhook.requestBody!.content['application/json']!.schema as { properties: Record<string, unknown> };
    expect(Object.keys(body.properties)).toEqual(['object', 'entry']);
    expect(JSON.stringify(body)).toContain('phone_number_id');
    expect(webhook.parameters?.filter((p) => p.in === 'header' && p.name.toLowerCase() === 'x-hub-signature-256')).toEqual([
      expect.objectContaining({ name: 'X-Hub-Signature-256', required: true }),
    ]);
    expect(webhook.responses['401']).toBeDefined();
  });

  it("describes what the server really answers (each route's answer parses with its documented schema)", async () => {
    const admin = api(server.url, (await login(server.url, t.admin.email)).accessToken);
    const agent = api(server.url, (await login(server.url, t.agent.email)).accessToken);
    const patient = t.patients[0]!;
    const posted = await agent.post('/api/alerts', {
      patientId: patient.id,
      patientName: patient.name,
      type: 'vital_signs',
      severity: 'high',
      message: 'PA 80x50',
    });
    const calls: [string, Promise<{ status: number; body: unknown }>][] = [
      ['post /api/alerts', Promise.resolve(posted)],
      ['get /api/alerts', admin.get('/api/alerts')],
      ['get /api/alerts/{id}/audit', admin.get(`/api/alerts/${(posted.body as { id: string }).id}/audit`)],
      ['post /api/alerts/{id}/read', admin.post(`/api/alerts/${(posted.body as { id: string }).id}/read`)],
      ['get /api/patients', admin.get('/api/patients?sort=priority')],
      ['get /api/patients/{id}', admin.get(`/api/patients/${patient.id}`)],
      ['get /api/staff', admin.get('/api/staff')],
      ['get /api/users', admin.get('/api/users')],
      ['get /api/tenant/settings', admin.get('/api/tenant/settings')],
      ['get /api/station/config', admin.get('/api/station/config')],
      ['get /api/conversations', admin.get('/api/conversations')],
    ];
    for (const [key, call] of calls) {
      const { status, body } = await call;
      const schema = ROUTE_DOCS[key as keyof typeof ROUTE_DOCS]!.responses![status]?.schema;
      expect(schema, `${key} answered ${status}, which route-docs.ts does not document`).toBeDefined();
      const parsed = schema!.safeParse(body);
      expect(parsed.success ? [] : parsed.error.issues, key).toEqual([]);
    }
  });

  it('serves Swagger UI at /api/docs', async () => {
    const response = await fetch(`${server.url}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });
  it('serves the AsyncAPI document of /alerts, valid for @asyncapi/parser (no errors)', async () => {
    const response = await fetch(`${server.url}/api/docs/asyncapi.json`);
    expect(response.status).toBe(200);
    const served = await response.json();
    // The same document `npm run docs:asyncapi` writes to docs/asyncapi.json (a shared test keeps that file current).
    expect(served).toEqual(buildAsyncApi());
    const diagnostics = await new Parser().validate(JSON.stringify(served));
    // Severity 0 is an error. Warnings and hints are allowed: today the only diagnostic is
    // `asyncapi-latest-version` (information: AsyncAPI 3.1 exists; the document declares 3.0.0).
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`)).toEqual([]);
  });
});

describe('API_DOCS=false', () => {
  let db: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url, env: { SWEEP_INTERVAL_MS: '0', API_DOCS: 'false' } });
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('turns both documents off (404)', async () => {
    for (const path of ['/api/docs', '/api/docs-json', '/api/docs/asyncapi.json']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ statusCode: 404 });
    }
  });
});

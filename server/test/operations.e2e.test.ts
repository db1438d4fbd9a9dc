import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertBody, api, login, seedTenant } from './support/fixtures';
import { connectStation, waitFor } from './support/socket-client';
import { spawnServer } from './support/spawn-server';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

describe('operations: health, metrics, OpenAPI, graceful shutdown', () => {
  let db: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url });
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('reports database state on /health', async () => {
    const health = await api(server.url).get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', db: 'up', dbKind: db.kind, redis: 'disabled' });
  });

  it('exposes sockets per tenant, alerts stored/emitted and the emit latency histogram on /metrics', async () => {
    const t = await seedTenant(db.url);
    const socket = await connectStation(server.url, { auth: { token: (await login(server.url, t.nurse.email)).accessToken } });
    await api(server.url, (await login(server.url, t.agent.email)).accessToken).post('/api/alerts', alertBody(t.patients[0]!));
    const response = await fetch(`${server.url}/metrics`);
    const text = await response.text();
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(text).toContain(`plantao_connected_sockets{tenant="${t.tenantId}"} 1`);
    expect(text).toContain(`plantao_alerts_stored_total{tenant="${t.tenantId}"} 1`);
    expect(text).toContain(`plantao_alerts_emitted_total{tenant="${t.tenantId}"} 1`);
    expect(text).toMatch(/plantao_alert_emit_latency_seconds_count 1/);
    socket.close();
    await waitFor(() => true, 'noop');
  });

  it('serves the OpenAPI document with the contract routes', async () => {
    const doc = (await api(server.url).get('/api/docs-json')).body as { paths: Record<string, unknown> };
    for (const path of [
      '/api/auth/login',
      '/api/auth/refresh',
      '/api/users',
      '/api/patients',
      '/api/patients/{id}',
      '/api/alerts',
      '/api/alerts/{id}/read',
      '/api/alerts/{id}/ack',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  it('on SIGTERM stops accepting, disconnects stations cleanly and exits 0', async () => {
    const own = await createTestDatabase();
    const proc = await spawnServer({ DATABASE_URL: own.url });
    try {
      const t = await seedTenant(own.url);
      const socket = await connectStation(proc.url, { auth: { token: (await login(proc.url, t.nurse.email)).accessToken } });
      let reason = '';
      socket.on('disconnect', (r) => (reason = r));
      const code = await proc.terminate();
      expect(code).toBe(0);
      await waitFor(() => reason !== '', 'disconnect');
      // A clean server-side close, not a dropped transport: the station knows to reconnect elsewhere.
      expect(reason).toBe('io server disconnect');
      await expect(fetch(`${proc.url}/health`)).rejects.toThrow();
    } finally {
      await own.drop();
    }
  });
});

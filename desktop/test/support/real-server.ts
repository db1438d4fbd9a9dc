import {
  alertBody,
  api,
  createTestDatabase,
  PASSWORD,
  seedTenant,
  spawnServer,
  type SpawnedServer,
  type TenantFixture,
  type TestDatabase,
} from '@plantao/server/test-support';

/**
 * The real, compiled server as a child process (`@plantao/server/test-support`), on a
 * fresh SQLite file, with one seeded hospital.
 */
export interface RealServer {
  db: TestDatabase;
  server: SpawnedServer;
  tenant: TenantFixture;
  env: Record<string, string>;
  /** Same database, same port: a restart after a crash. */
  restart(): Promise<SpawnedServer>;
  postAlert(overrides?: Record<string, unknown>, patientIndex?: number): Promise<{ id: string; seq: number }>;
  close(): Promise<void>;
}

export async function startRealServer(env: Record<string, string> = {}): Promise<RealServer> {
  const db = await createTestDatabase('sqlite');
  const fullEnv = { DATABASE_URL: db.url, ...env };
  let server = await spawnServer(fullEnv);
  const tenant = await seedTenant(db.url);
  let agentToken: string | undefined;

  const agent = async () => {
    if (agentToken) return agentToken;
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: tenant.agent.email, password: PASSWORD }),
    });
    const body = (await response.json()) as { accessToken: string };
    agentToken = body.accessToken;
    return agentToken;
  };

  const handle: RealServer = {
    db,
    get server() {
      return server;
    },
    tenant,
    env: fullEnv,
    async restart() {
      server = await spawnServer(fullEnv, server.port);
      agentToken = undefined;
      return server;
    },
    async postAlert(overrides = {}, patientIndex = 0) {
      const patient = tenant.patients[patientIndex] ?? tenant.patients[0]!;
      // A short-lived agent token may have expired: log in again once.
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await api(server.url, await agent()).post('/api/alerts', alertBody(patient, overrides));
        if (response.status === 201 || response.status === 200) return response.body as { id: string; seq: number };
        if (response.status !== 401) throw new Error(`post alert: ${response.status} ${JSON.stringify(response.body)}`);
        agentToken = undefined;
      }
      throw new Error('post alert: agent login keeps failing');
    },
    async close() {
      if (server.process.exitCode === null && server.process.signalCode === null) await server.kill9();
      await db.drop();
    },
  };
  return handle;
}

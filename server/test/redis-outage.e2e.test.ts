import type { AlertPayload } from '@plantao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertBody, api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { startOwnRedis, type OwnRedis } from './support/redis-server';
import { replayingStation, type ReplayingStation } from './support/replaying-station';
import { waitFor } from './support/socket-client';
import { spawnServer, type SpawnedServer } from './support/spawn-server';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/** Issue #8 part 2: Redis stops under two instances; nothing answered 201 is lost, nothing crashes. */
describe('Redis outage under two instances', () => {
  let redis: OwnRedis;
  let db: TestDatabase;
  let a: SpawnedServer;
  let b: SpawnedServer;
  let t: TenantFixture;
  const stations: ReplayingStation[] = [];

  beforeAll(async () => {
    redis = await startOwnRedis();
    db = await createTestDatabase();
    // Real processes: an unhandled error would kill them, as it did before the fix.
    // REDIS_OUTAGE_RESYNC_MS=0: no replay during the outage, only at recovery (the harder case).
    const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_OUTAGE_RESYNC_MS: '0' };
    a = await spawnServer(env);
    b = await spawnServer(env);
    t = await seedTenant(db.url);
  });
  afterAll(async () => {
    for (const s of stations) s.close();
    await a?.terminate();
    await b?.terminate();
    await redis?.stop();
    await db?.drop();
  });

  const unhandled = async (server: SpawnedServer) => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    return Number(/plantao_unhandled_errors_total\{kind="unhandledRejection"\} (\d+)/.exec(text)?.[1] ?? NaN);
  };

  it('alerts posted during the outage reach the station on the other instance once Redis is back, exactly once', async () => {
    const onA = await replayingStation(a.url, (await login(a.url, t.nurse.email)).accessToken);
    const onB = await replayingStation(b.url, (await login(b.url, t.nurse2.email)).accessToken);
    stations.push(onA, onB);
    const agentA = api(a.url, (await login(a.url, t.agent.email)).accessToken);
    const answered: AlertPayload[] = [];
    const post = async (message: string) => {
      const response = await agentA.post('/api/alerts', alertBody(t.patients[0]!, { message }));
      expect(response.status).toBe(201);
      answered.push(response.body as AlertPayload);
    };

    await post('before the outage');
    await waitFor(() => onB.countById.size === 1, 'relay through Redis before the outage');

    await redis.stop();
    for (let i = 0; i < 5; i++) await post(`during the outage ${i}`);
    for (const [name, server] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const started = performance.now();
      const health = await api(server.url).get('/health');
      const ms = performance.now() - started;
      console.info(`[redis-outage] /health on ${name} during the outage: ${health.status} in ${ms.toFixed(0)} ms`, health.body);
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'error', db: 'up', redis: 'down' });
    }
    // Long enough for the failed publishes and several reconnect attempts (the old crash came ~7 s in).
    await new Promise((r) => setTimeout(r, 8000));
    await post('late in the outage');
    expect(a.process.exitCode).toBeNull();
    expect(b.process.exitCode).toBeNull();
    const missedMeanwhile = answered.filter((alert) => !onB.countById.has(alert.id)).length;

    await redis.start();
    await waitFor(() => answered.every((alert) => onB.countById.has(alert.id)), 'every alert on the station on B', 30_000);
    await waitFor(() => answered.every((alert) => onA.countById.has(alert.id)), 'every alert on the station on A', 30_000);
    const health = await api(b.url).get('/health');
    expect(health.body).toMatchObject({ status: 'ok', redis: 'up' });

    const ids = answered.map((alert) => alert.id);
    console.info(
      `[redis-outage] answered 201: ${answered.length}; station on B had ${answered.length - missedMeanwhile} before Redis returned, ` +
        `${ids.filter((id) => onB.countById.has(id)).length} after; deliveries on B ${onB.deliveries.length} ` +
        `(disconnects ${JSON.stringify(onB.disconnects)}), on A ${onA.deliveries.length} (disconnects ${JSON.stringify(onA.disconnects)})`,
    );
    // Exactly once: no alert twice in the station's stream (replay resumes after the highest seq it holds).
    for (const station of [onA, onB]) {
      expect(ids.map((id) => station.countById.get(id))).toEqual(ids.map(() => 1));
      expect(station.countById.size).toBe(ids.length);
    }
    expect(await unhandled(a)).toBe(0);
    expect(await unhandled(b)).toBe(0);
    expect(a.process.exitCode).toBeNull();
    expect(b.process.exitCode).toBeNull();
  });
});

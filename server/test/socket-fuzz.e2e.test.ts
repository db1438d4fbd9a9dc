import { ClientEvent, ErrorAckSchema, OkAckSchema, SubscribedAckSchema, SyncAckSchema, UnsubscribedAckSchema } from '@plantao/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { alertBody, api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { record, request, stationPool, waitFor } from './support/socket-client';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

/** Every answer a client event may get: the contract's shapes, nothing else (no crash, no stack trace). */
const AnyAnswerSchema = z.union([OkAckSchema, SyncAckSchema, SubscribedAckSchema, UnsubscribedAckSchema, ErrorAckSchema]);

/** Payloads an attacker or a broken integration might send: any JSON, wrong types, huge strings, ids of other shapes. */
const hostilePayload = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ alertId: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.string({ minLength: 5_000, maxLength: 5_000 })) }),
  fc.record({ patientId: fc.oneof(fc.string(), fc.constant(''), fc.array(fc.string())) }),
  fc.record({ afterSeq: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(-1)) }),
  fc.record({ token: fc.string({ maxLength: 200 }) }),
);

/**
 * Issue #8: arbitrary payloads on every client event (fast-check, bounded in
 * runs) get an answer in the contract's shape, and the server keeps serving:
 * the fuzzing socket stays usable and another hospital's station still gets
 * its alert. Floods are covered by fair-use.e2e.test.ts.
 */
describe('socket payload fuzz (fast-check)', () => {
  let db: TestDatabase;
  let server: TestServer;
  let t: TenantFixture;
  let other: TenantFixture;
  const stations = stationPool(() => server.url);

  beforeAll(async () => {
    db = await createTestDatabase();
    // Generous fair-use limits: this suite is about payloads, not rates.
    server = await startTestServer({
      databaseUrl: db.url,
      env: { SOCKET_ACTION_BURST: '100000', SOCKET_SYNC_BURST: '100000', SOCKET_RATE_LIMITED_BEFORE_DISCONNECT: '100000' },
    });
    [t, other] = await Promise.all([seedTenant(db.url), seedTenant(db.url)]);
  });
  afterAll(async () => {
    stations.closeAll();
    await server?.close();
    await db?.drop();
  });

  it('answers every hostile payload in the contract shape and keeps serving everyone', async () => {
    const fuzzer = await stations.open({ token: (await login(server.url, t.nurse.email)).accessToken });
    const otherStation = await stations.open({ token: (await login(server.url, other.nurse.email)).accessToken });
    const received = record(otherStation, 'critical_alert');
    const events = Object.values(ClientEvent);
    let answered = 0;

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...events), hostilePayload, async (event, payload) => {
        const answer = await request(fuzzer, event, payload);
        answered += 1;
        expect(
          AnyAnswerSchema.safeParse(answer).success,
          `${event} ${JSON.stringify(payload).slice(0, 200)} → ${JSON.stringify(answer)}`,
        ).toBe(true);
      }),
      { numRuns: 300 },
    );

    expect(answered).toBe(300);
    expect(fuzzer.connected).toBe(true);
    // Still useful after the fuzzing: a real request works.
    expect(await request(fuzzer, 'sync', { afterSeq: 0 })).toMatchObject({ status: 'ok' });
    const agent = api(server.url, (await login(server.url, other.agent.email)).accessToken);
    expect((await agent.post('/api/alerts', alertBody(other.patients[0]!))).status).toBe(201);
    await waitFor(() => received.length === 1, 'the other hospital still gets its alert');
  });
});

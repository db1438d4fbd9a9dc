import type { AlertPayload } from '@plantao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertBody, api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { connectStation, record, request, settle, type StationSocket, waitFor } from './support/socket-client';
import { type SpawnedServer, spawnServer } from './support/spawn-server';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

describe('replay: a station that was away loses nothing', () => {
  let db: TestDatabase;
  let server: TestServer;
  let t: TenantFixture;
  let nurseToken: string;
  let agent: ReturnType<typeof api>;
  const sockets: StationSocket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url });
    t = await seedTenant(db.url);
    nurseToken = (await login(server.url, t.nurse.email)).accessToken;
    agent = api(server.url, (await login(server.url, t.agent.email)).accessToken);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
    await db?.drop();
  });

  it('replays every alert after the handshake lastSeq, in order, then live ones', async () => {
    const first = await connectStation(server.url, { auth: { token: nurseToken } });
    sockets.push(first);
    const seen = record(first, 'critical_alert');
    await agent.post('/api/alerts', alertBody(t.patients[0]!, { message: 'antes' }));
    await waitFor(() => seen.length === 1, 'first alert');
    first.close();

    for (let i = 1; i <= 5; i++) await agent.post('/api/alerts', alertBody(t.patients[0]!, { message: `offline ${i}` }));

    const lastSeq = seen[0]!.seq;
    let replayed: AlertPayload[] = [];
    const again = await connectStation(server.url, {
      auth: { token: nurseToken, lastSeq },
      before: (s) => (replayed = record(s, 'critical_alert')),
    });
    sockets.push(again);
    await waitFor(() => replayed.length >= 5, 'replayed alerts');
    await agent.post('/api/alerts', alertBody(t.patients[0]!, { message: 'ao vivo' }));
    await waitFor(() => replayed.length >= 6, 'live alert after replay');
    await settle();
    expect(replayed.map((a) => a.message)).toEqual(['offline 1', 'offline 2', 'offline 3', 'offline 4', 'offline 5', 'ao vivo']);
    expect(replayed.map((a) => a.seq)).toEqual([lastSeq + 1, lastSeq + 2, lastSeq + 3, lastSeq + 4, lastSeq + 5, lastSeq + 6]);
  });

  it('answers sync with the alerts after afterSeq, and lastSeq 0 replays everything', async () => {
    const all = (await agent.get('/api/alerts?limit=1000')).body as AlertPayload[];
    let replayed: AlertPayload[] = [];
    const socket = await connectStation(server.url, {
      auth: { token: nurseToken, lastSeq: 0 },
      before: (s) => (replayed = record(s, 'critical_alert')),
    });
    sockets.push(socket);
    await waitFor(() => replayed.length === all.length, 'full replay');
    const answer = await request(socket, 'sync', { afterSeq: all.length - 2 });
    expect(answer.status).toBe('ok');
    expect('alerts' in answer && answer.alerts.map((a) => a.seq)).toEqual([all.length - 1, all.length]);
  });

  it('without lastSeq a station gets only live alerts', async () => {
    let seen: AlertPayload[] = [];
    const socket = await connectStation(server.url, { auth: { token: nurseToken }, before: (s) => (seen = record(s, 'critical_alert')) });
    sockets.push(socket);
    await settle();
    expect(seen).toHaveLength(0);
  });
});

describe('replay after the server is killed with SIGKILL and restarted', () => {
  let db: TestDatabase;
  let proc: SpawnedServer | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await proc?.kill9();
    await db?.drop();
  });

  it('loses nothing that was stored before the crash', async () => {
    proc = await spawnServer({ DATABASE_URL: db.url });
    const t = await seedTenant(db.url);
    const agent = api(proc.url, (await login(proc.url, t.agent.email)).accessToken);
    const stored: AlertPayload[] = [];
    for (let i = 1; i <= 3; i++)
      stored.push((await agent.post('/api/alerts', alertBody(t.patients[0]!, { message: `antes da queda ${i}` }))).body);

    const port = proc.port;
    await proc.kill9();
    proc = await spawnServer({ DATABASE_URL: db.url }, port);

    const nurseToken = (await login(proc.url, t.nurse.email)).accessToken;
    let replayed: AlertPayload[] = [];
    const socket = await connectStation(proc.url, {
      auth: { token: nurseToken, lastSeq: 0 },
      before: (s) => (replayed = record(s, 'critical_alert')),
    });
    await waitFor(() => replayed.length === 3, 'replay after restart');
    expect(replayed.map((a) => a.id)).toEqual(stored.map((a) => a.id));
    // The counter survived too: the next alert continues the sequence.
    const next = await api(proc.url, (await login(proc.url, t.agent.email)).accessToken).post('/api/alerts', alertBody(t.patients[0]!));
    expect(next.body.seq).toBe(4);
    socket.close();
  });
});

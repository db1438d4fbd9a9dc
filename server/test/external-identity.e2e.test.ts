import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../src/auth/token.service';
import { api } from './support/fixtures';
import { connectStation, record, waitFor } from './support/socket-client';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Tokens signed with JWT_SECRET by a hospital's identity provider may name a
 * tenant and users this server has never stored: everything must work for
 * them, scoped to that tenant.
 */
describe('tokens for a tenant the server has never seen, and integrations with their own vocabulary', () => {
  let db: TestDatabase;
  let server: TestServer;
  const tenantId = `idp-${randomBytes(3).toString('hex')}`;
  const token = async (role: 'admin' | 'nurse' | 'agent', sub: string) =>
    (await server.app.get(TokenService).signAccessToken({ id: sub, tenantId, role })).token;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url, env: { SWEEP_INTERVAL_MS: '0' } });
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('creates users, patients (any status label), alerts (any type label) and conversations', async () => {
    const admin = api(server.url, await token('admin', 'idp-admin'));
    const nurseToken = await token('nurse', 'idp-nurse');
    const station = await connectStation(server.url, { auth: { token: nurseToken } });
    const alerts = record(station, 'critical_alert');
    const changes = record(station, 'patient_status_change');

    expect(
      (await admin.post('/api/users', { email: `n@${tenantId}.test`, password: 'long-enough-1', name: 'Enf', role: 'nurse' })).status,
    ).toBe(201);
    expect((await admin.post('/api/patients', { id: 'p1', name: 'Joana Dark', status: 'estavel' })).status).toBe(201);
    const patched = await api(server.url, nurseToken).patch('/api/patients/p1', { status: 'em_observacao' });
    expect(patched.status).toBe(200);
    await waitFor(() => changes.length === 1, 'status change');
    expect(changes[0]).toMatchObject({ oldStatus: 'estavel', newStatus: 'em_observacao' });

    const agent = api(server.url, await token('agent', 'idp-agent'));
    const posted = await agent.post('/api/alerts', {
      patientId: 'p1',
      patientName: 'Joana Dark',
      type: 'sinais_vitais',
      severity: 'high',
      message: 'PA 80x50',
    });
    expect(posted.status).toBe(201);
    expect(posted.body.seq).toBe(1);

    const ingest = await agent.post('/api/conversations/messages', {
      messageId: 'ext-1',
      conversationId: 'c-1',
      patientId: 'p1',
      content: 'estou com febre de 39',
      sender: 'user',
      timestamp: Math.floor(Date.now() / 1000),
    });
    expect(ingest.status).toBe(201);
    expect(ingest.body.message).toMatchObject({ sender: 'patient' });
    expect(ingest.body.triage).toMatchObject({ severity: 'critical', symptom: 'fever' });
    await waitFor(() => alerts.length === 2, 'both alerts');
    expect(alerts.map((a) => a.seq)).toEqual([1, 2]);
    station.close();
  });

  it('still refuses what is not a label: empty or oversized values', async () => {
    const agent = api(server.url, await token('agent', 'idp-agent'));
    expect((await agent.post('/api/alerts', { patientId: 'p1', patientName: 'J', type: '', severity: 'high', message: 'x' })).status).toBe(
      400,
    );
    expect(
      (await agent.post('/api/alerts', { patientId: 'p1', patientName: 'J', type: 'x'.repeat(61), severity: 'high', message: 'x' })).status,
    ).toBe(400);
    expect(
      (await agent.post('/api/alerts', { patientId: 'p1', patientName: 'J', type: 'ok', severity: 'urgent', message: 'x' })).status,
    ).toBe(400);
  });
});

type SigningKey = Parameters<InstanceType<typeof import('jose').SignJWT>['sign']>[0];

describe('RS256 tokens from a hospital identity provider (JWT_PUBLIC_KEY)', () => {
  let db: TestDatabase;
  let server: TestServer;
  let providerKey: SigningKey;
  let publicPem: string;
  const ISSUER = 'https://idp.hospital.example/realms/plantao';
  const AUDIENCE = 'plantao-api';
  const claims = { tenantId: 'idp-hospital', role: 'nurse' };

  beforeAll(async () => {
    const { exportSPKI, generateKeyPair } = await import('jose');
    const pair = await generateKeyPair('RS256', { extractable: true });
    providerKey = pair.privateKey;
    publicPem = await exportSPKI(pair.publicKey);
    db = await createTestDatabase();
    server = await startTestServer({
      databaseUrl: db.url,
      env: {
        JWT_PUBLIC_KEY: publicPem,
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        JWT_IDP_TENANTS: 'idp-hospital,idp-annex',
        JWT_IDP_ROLES: 'nurse,agent',
        SWEEP_INTERVAL_MS: '0',
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  interface Shape {
    claims?: Record<string, unknown>;
    sub?: string;
    iss?: string | null;
    aud?: string | string[] | null;
    /** Seconds from now; null for no `exp`. */
    expiresIn?: number | null;
    /** Seconds before now. */
    issuedAgo?: number;
  }
  const rs256 = async (key: SigningKey, shape: Shape = {}) => {
    const { SignJWT } = await import('jose');
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT(shape.claims ?? claims)
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject(shape.sub ?? 'idp-user-1')
      .setIssuedAt(now - (shape.issuedAgo ?? 0));
    if (shape.iss !== null) jwt.setIssuer(shape.iss ?? ISSUER);
    if (shape.aud !== null) jwt.setAudience(shape.aud ?? AUDIENCE);
    const expiresIn = shape.expiresIn === undefined ? 600 : shape.expiresIn;
    if (expiresIn !== null) jwt.setExpirationTime(now + expiresIn);
    return jwt.sign(key);
  };

  it('accepts the provider-signed token over REST and in the socket handshake', async () => {
    const token = await rs256(providerKey);
    expect((await api(server.url, token).get('/api/alerts')).status).toBe(200);
    const socket = await connectStation(server.url, { auth: { token } });
    expect(socket.connected).toBe(true);
    socket.close();
    // Another listed tenant, another listed role, `aud` as an array containing ours.
    const annex = await rs256(providerKey, { claims: { tenantId: 'idp-annex', role: 'agent' }, aud: ['other-api', AUDIENCE] });
    expect((await api(server.url, annex).get('/api/alerts')).status).toBe(200);
  });

  it('refuses a token signed by another key, and an HS256 token "signed" with the public key', async () => {
    const { generateKeyPair, SignJWT } = await import('jose');
    const stranger = await generateKeyPair('RS256');
    const forged = await rs256(stranger.privateKey);
    expect((await api(server.url, forged).get('/api/alerts')).status).toBe(401);
    const confused = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('idp-user-1')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(publicPem));
    expect((await api(server.url, confused).get('/api/alerts')).status).toBe(401);
    await expect(connectStation(server.url, { auth: { token: confused } })).rejects.toThrow('unauthorized');
  });

  it.each<[string, Shape]>([
    ['a wrong issuer', { iss: 'https://evil.example/realms/plantao' }],
    ['an issuer with a trailing slash', { iss: `${ISSUER}/` }],
    ['no issuer', { iss: null }],
    ['a wrong audience', { aud: 'another-api' }],
    ['no audience', { aud: null }],
    ['a tenant it may not speak for', { claims: { tenantId: 'tenant-of-another-hospital', role: 'nurse' } }],
    ['a role it may not grant (admin)', { claims: { tenantId: 'idp-hospital', role: 'admin' } }],
    ['a padded tenant (" idp-hospital")', { claims: { tenantId: ' idp-hospital', role: 'nurse' } }],
    ['a padded role ("nurse ")', { claims: { tenantId: 'idp-hospital', role: 'nurse ' } }],
    ['a padded subject', { sub: ' idp-user-1' }],
    ['no expiry', { expiresIn: null }],
    ['a lifetime over 12 h', { expiresIn: 13 * 3600 }],
    ['a lifetime over 12 h counted from iat', { issuedAgo: 3600, expiresIn: 12 * 3600 }],
  ])('refuses a provider token with %s, over REST (401) and in the handshake (unauthorized)', async (_what, shape) => {
    const token = await rs256(providerKey, shape);
    expect((await api(server.url, token).get('/api/alerts')).status).toBe(401);
    await expect(connectStation(server.url, { auth: { token } })).rejects.toThrow('unauthorized');
  });
});

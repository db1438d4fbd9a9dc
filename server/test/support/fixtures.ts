import { randomBytes } from 'node:crypto';
import type { LoginResponse } from '@plantao/shared';
import { hashPassword } from '../../src/auth/password-hasher';
import { openDatabase } from '../../src/db/create-database';

export const PASSWORD = 'correct-horse-battery-staple';

export interface TenantFixture {
  tenantId: string;
  admin: { id: string; email: string };
  nurse: { id: string; email: string };
  nurse2: { id: string; email: string };
  agent: { id: string; email: string };
  patients: { id: string; name: string; bed: string }[];
}

/**
 * A tenant with one user per role and two patients, written straight into the
 * database the server uses (after the server migrated it). Ids are random so
 * suites sharing Redis never see each other's rooms.
 */
export async function seedTenant(databaseUrl: string): Promise<TenantFixture> {
  const tag = randomBytes(4).toString('hex');
  const tenantId = `tenant-${tag}`;
  const user = (role: string) => ({ id: `${role}-${tag}`, email: `${role}-${tag}@test.plantao` });
  const fixture: TenantFixture = {
    tenantId,
    admin: user('admin'),
    nurse: user('nurse'),
    nurse2: user('nurse2'),
    agent: user('agent'),
    patients: [
      { id: `p1-${tag}`, name: 'Maria Aparecida Souza', bed: '12A' },
      { id: `p2-${tag}`, name: 'José Carlos Pereira', bed: '14B' },
    ],
  };
  const { db } = openDatabase(databaseUrl);
  const now = new Date().toISOString();
  const hash = await hashPassword(PASSWORD);
  try {
    await db
      .insertInto('tenants')
      .values({ id: tenantId, name: `Hospital ${tag}`, alert_seq: 0, whatsapp_phone_number_id: null, created_at: now })
      .execute();
    const roles = [
      ['admin', fixture.admin],
      ['nurse', fixture.nurse],
      ['nurse', fixture.nurse2],
      ['agent', fixture.agent],
    ] as const;
    for (const [role, u] of roles) {
      await db
        .insertInto('users')
        .values({ id: u.id, tenant_id: tenantId, email: u.email, name: `${role} ${tag}`, role, password_hash: hash, created_at: now })
        .execute();
    }
    for (const p of fixture.patients) {
      await db
        .insertInto('patients')
        .values({
          tenant_id: tenantId,
          id: p.id,
          name: p.name,
          bed: p.bed,
          status: 'active',
          phone: null,
          priority: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  } finally {
    await db.destroy();
  }
  return fixture;
}

export async function login(baseUrl: string, email: string, password = PASSWORD): Promise<LoginResponse> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login failed for ${email}: ${response.status} ${await response.text()}`);
  return (await response.json()) as LoginResponse;
}

/** A small JSON REST client bound to a server and (optionally) a token. */
export function api(baseUrl: string, token?: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test client: callers assert on shape
    const json: any = text ? JSON.parse(text) : undefined;
    return { status: response.status, body: json };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body ?? {}),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    put: (path: string, body: unknown) => call('PUT', path, body),
  };
}

export const alertBody = (patient: { id: string; name: string }, overrides: Record<string, unknown> = {}) => ({
  patientId: patient.id,
  patientName: patient.name,
  type: 'critical_symptom',
  severity: 'critical',
  message: 'Febre de 39 °C relatada pelo paciente',
  ...overrides,
});

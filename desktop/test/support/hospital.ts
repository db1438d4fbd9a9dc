import { randomBytes } from 'node:crypto';
import {
  alertBody,
  api,
  APP_SECRET,
  HttpStandIn,
  login,
  PASSWORD,
  postWebhook,
  seedTenant,
  type TenantFixture,
  textDelivery,
} from '@plantao/server/test-support';
import { type RealServer, startRealServer } from './real-server';
import { requireBuiltStation } from './station-browser';

/**
 * The real server for the browser-station acceptance suite: the compiled
 * server (real-server.ts) serving `/station` from the built
 * station, with a short heartbeat, a fast priority push, the WhatsApp webhook
 * secret and a local stand-in for Meta's Cloud API.
 */
export interface StationServer {
  real: RealServer;
  /** Meta's Cloud API, answered locally: set `meta.respond` per test. */
  meta: HttpStandIn;
  url(): string;
  close(): Promise<void>;
}

export async function startStationServer(env: Record<string, string> = {}): Promise<StationServer> {
  const stationDir = requireBuiltStation();
  const meta = new HttpStandIn();
  const metaUrl = await meta.start();
  meta.respond = () => ({
    status: 200,
    body: { messaging_product: 'whatsapp', messages: [{ id: `wamid.${randomBytes(6).toString('hex')}` }] },
  });
  let real: RealServer;
  try {
    real = await startRealServer({
      STATION_DIR: stationDir,
      SOCKET_PING_INTERVAL_MS: '1000',
      SOCKET_PING_TIMEOUT_MS: '1000',
      PRIORITY_THROTTLE_MS: '100',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_API_BASE_URL: metaUrl,
      WHATSAPP_ACCESS_TOKEN: 'meta-token-e2e',
      OUTBOUND_MAX_ATTEMPTS: '1',
      OUTBOUND_RETRY_BASE_MS: '10',
      SWEEP_INTERVAL_MS: '0',
      ...env,
    });
  } catch (error) {
    await meta.stop();
    throw error;
  }
  const stationPage = await fetch(`${real.server.url}/station`);
  if (!stationPage.ok || !(stationPage.headers.get('content-type') ?? '').includes('text/html')) {
    const body = await stationPage.text();
    await real.close();
    await meta.stop();
    throw new Error(
      `GET /station on the real server answered ${stationPage.status} ${stationPage.headers.get('content-type') ?? ''} ` +
        `(expected the browser station's index.html from STATION_DIR=${stationDir}): ${body.slice(0, 200)}`,
    );
  }
  return {
    real,
    meta,
    url: () => real.server.url,
    async close() {
      await real.close();
      await meta.stop();
    },
  };
}

export interface Nurse {
  id: string;
  email: string;
  name: string;
}

export interface Patient {
  id: string;
  name: string;
  bed: string;
  phone?: string;
}

/**
 * One hospital (tenant) on the shared server: each test takes its own, so
 * alerts, read/ack state and conversations of one test never reach another,
 * and a second hospital on the same server checks that nothing leaks.
 */
export interface Hospital {
  tenant: TenantFixture;
  name: string;
  /** Two nurses with real names, so "Lida por <name>" can be checked. */
  ana: Nurse;
  bruno: Nurse;
  patients: Patient[];
  /** WhatsApp phone_number_id of this hospital (webhook deliveries select it). */
  phoneNumberId: string;
  postAlert(patient: Patient, overrides?: Record<string, unknown>): Promise<{ id: string; seq: number }>;
  /** A signed WhatsApp webhook delivery of text messages from `phone`. */
  whatsapp(phone: string, texts: string[]): Promise<void>;
  /** A signed raw webhook body (e.g. a fixture file). */
  webhook(body: string): Promise<void>;
  /** REST as one of the nurses (for setting state up, never for what the test checks). */
  asNurse(nurse: Nurse): Promise<ReturnType<typeof api>>;
}

export const NURSE_NAMES = { ana: 'Ana Paula Ribeiro', bruno: 'Bruno Costa Lima' } as const;

export interface HospitalOptions {
  /** Patients besides seedTenant's two (Maria Aparecida Souza 12A, José Carlos Pereira 14B). */
  extraPatients?: Omit<Patient, 'id'>[];
  /** A phone for seedTenant's patients is not settable; this creates Maria's twin with a phone. */
  phoneNumberId?: string;
}

export async function newHospital(server: StationServer, options: HospitalOptions = {}): Promise<Hospital> {
  const url = server.url;
  const tenant = await seedTenant(server.real.db.url);
  const adminToken = (await login(url(), tenant.admin.email)).accessToken;
  const admin = api(url(), adminToken);
  const createNurse = async (name: string): Promise<Nurse> => {
    const email = `${name.split(' ')[0]!.toLowerCase()}-${randomBytes(4).toString('hex')}@hospital.test`;
    const created = await admin.post('/api/users', { email, password: PASSWORD, name, role: 'nurse' });
    if (created.status !== 201) throw new Error(`create nurse ${name}: ${created.status} ${JSON.stringify(created.body)}`);
    return { id: String(created.body.id), email, name };
  };
  const ana = await createNurse(NURSE_NAMES.ana);
  const bruno = await createNurse(NURSE_NAMES.bruno);

  const patients: Patient[] = tenant.patients.map((p) => ({ ...p }));
  for (const extra of options.extraPatients ?? []) {
    const created = await admin.post('/api/patients', extra);
    if (created.status !== 201) throw new Error(`create patient ${extra.name}: ${created.status} ${JSON.stringify(created.body)}`);
    patients.push({ ...extra, id: String(created.body.id) });
  }

  const phoneNumberId = options.phoneNumberId ?? String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999));
  // The server verifies the number with the Cloud API (GET /{id}) before it routes messages: the stand-in owns it.
  const replies = server.meta.respond;
  server.meta.respond = (request) =>
    request.method === 'GET' && request.url.startsWith(`/${phoneNumberId}`)
      ? { status: 200, body: { id: phoneNumberId } }
      : replies(request);
  let put: Response;
  try {
    put = await fetch(`${url()}/api/tenant/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ whatsappPhoneNumberId: phoneNumberId }),
    });
  } finally {
    server.meta.respond = replies;
  }
  if (put.status !== 200) throw new Error(`tenant settings: ${put.status} ${await put.text()}`);

  let agentToken: string | undefined;
  const agent = async () => (agentToken ??= (await login(url(), tenant.agent.email)).accessToken);
  const webhook = async (body: string) => {
    const response = await postWebhook(url(), body);
    if (response.status !== 200) throw new Error(`webhook: ${response.status} ${response.body}`);
  };

  return {
    tenant,
    name: `Hospital ${tenant.tenantId}`,
    ana,
    bruno,
    patients,
    phoneNumberId,
    async postAlert(patient, overrides = {}) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await api(url(), await agent()).post('/api/alerts', {
          ...alertBody(patient, overrides),
          metadata: { bed: patient.bed, ...((overrides.metadata as Record<string, unknown> | undefined) ?? {}) },
        });
        if (response.status === 201 || response.status === 200) return response.body as { id: string; seq: number };
        if (response.status !== 401) throw new Error(`post alert: ${response.status} ${JSON.stringify(response.body)}`);
        agentToken = undefined; // the server restarted or the token expired
      }
      throw new Error('post alert: agent login keeps failing');
    },
    whatsapp: (phone, texts) =>
      webhook(
        textDelivery(
          texts.map((body) => ({ from: phone, id: `wamid.${randomBytes(8).toString('hex')}`, body })),
          phoneNumberId,
        ),
      ),
    webhook,
    async asNurse(nurse) {
      return api(url(), (await login(url(), nurse.email)).accessToken);
    },
  };
}

/** A promise the test resolves when it wants: holds the Cloud API's answer so `enviando` can be seen. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((done) => (open = done));
  return { wait, open };
}

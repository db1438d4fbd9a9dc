import type { Kysely } from 'kysely';
import type { Database } from './schema';

export const DEMO_TENANT = { id: 'hospital-demo', name: 'Hospital Demonstração', whatsappPhoneNumberId: '106540352242922' };

export const DEMO_USERS = [
  { id: 'u-admin', email: 'admin@plantao.demo', password: 'plantao-admin', name: 'Administradora Demo', role: 'admin' },
  { id: 'u-nurse', email: 'enfermeira@plantao.demo', password: 'plantao-enfermagem', name: 'Enf. Joana Silva', role: 'nurse' },
  { id: 'u-agent', email: 'agente@plantao.demo', password: 'plantao-agente', name: 'Agente WhatsApp', role: 'agent' },
] as const;

const DEMO_PATIENTS = [
  { id: 'p-maria', name: 'Maria Aparecida Souza', bed: '12A', phone: '5511987654321' },
  { id: 'p-jose', name: 'José Carlos Pereira', bed: '14B', phone: '5511912345678' },
  { id: 'p-ana', name: 'Ana Beatriz Lima', bed: '03', phone: '5521998877665' },
];

/**
 * Demo data for a fresh development database only: one tenant, one user per
 * role, three patients. Returns false when the database already has tenants.
 * The password hasher is auth's, passed in by `main.ts`: db/ imports no feature.
 */
export async function seedDemo(
  db: Kysely<Database>,
  hashPassword: (password: string) => Promise<string>,
  now = new Date().toISOString(),
): Promise<boolean> {
  const existing = await db.selectFrom('tenants').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('tenants')
      .values({
        id: DEMO_TENANT.id,
        name: DEMO_TENANT.name,
        alert_seq: 0,
        whatsapp_phone_number_id: DEMO_TENANT.whatsappPhoneNumberId,
        created_at: now,
      })
      .execute();
    for (const user of DEMO_USERS) {
      await trx
        .insertInto('users')
        .values({
          id: user.id,
          tenant_id: DEMO_TENANT.id,
          email: user.email,
          name: user.name,
          role: user.role,
          password_hash: await hashPassword(user.password),
          created_at: now,
        })
        .execute();
    }
    for (const patient of DEMO_PATIENTS) {
      await trx
        .insertInto('patients')
        .values({
          tenant_id: DEMO_TENANT.id,
          id: patient.id,
          name: patient.name,
          bed: patient.bed,
          status: 'in_treatment',
          phone: patient.phone,
          priority: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  });
  return true;
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { CloudApiError } from './cloud-api.client';

/**
 * The hospital's own WhatsApp number and token (the server-wide token is the
 * fallback for single-hospital installs). Not configured is not retryable:
 * waiting will not make the hospital connect its number.
 */
export async function whatsappCredentials(
  db: Kysely<Database>,
  tenantId: string,
  fallbackToken: string | undefined,
): Promise<{ phoneNumberId: string; token: string }> {
  const tenant = await db.selectFrom('tenants').select('whatsapp_phone_number_id').where('id', '=', tenantId).executeTakeFirst();
  const settings = await db
    .selectFrom('tenant_settings')
    .select('whatsapp_access_token')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  const token = settings?.whatsapp_access_token ?? fallbackToken;
  if (!tenant?.whatsapp_phone_number_id || !token)
    throw new CloudApiError('WhatsApp não configurado para este hospital (phone number id / access token)', false);
  return { phoneNumberId: tenant.whatsapp_phone_number_id, token };
}

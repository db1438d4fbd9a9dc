import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';

/**
 * A tenant exists as soon as a valid token names it. Tokens may come from a
 * hospital's identity provider for a tenant this server has never seen (the
 * contract has no "create tenant" route), so the row that tenant-scoped
 * tables reference is created on first use. Cached: one write per tenant
 * per process. Part of authentication (the guard calls it once the token is
 * verified), so it lives in auth/: tenants/ imports auth's decorators, and
 * auth importing tenants back would make a loop.
 */
@Injectable()
export class TenantRegistry {
  private readonly known = new Set<string>();

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly clock: Clock,
  ) {}

  async ensure(tenantId: string): Promise<void> {
    if (this.known.has(tenantId)) return;
    await this.handle.db
      .insertInto('tenants')
      .values({ id: tenantId, name: tenantId, alert_seq: 0, whatsapp_phone_number_id: null, created_at: this.clock.isoNow() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    this.known.add(tenantId);
  }
}

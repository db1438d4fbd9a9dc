import type { CreateAlertRequest } from '@plantao/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SystemClock } from '../common/clock';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../db/create-database';
import { AlertStore } from './alert-store';

const alert = (n: number, extra: Partial<CreateAlertRequest> = {}): CreateAlertRequest => ({
  patientId: `p-${n % 3}`,
  patientName: `Paciente ${n % 3}`,
  type: 'critical_symptom',
  severity: 'critical',
  message: `mensagem ${n}`,
  ...extra,
});

/** SQLite group commit: the alerts that arrive together are written in one transaction. */
describe('AlertStore on SQLite', () => {
  let handle: DatabaseHandle;
  let store: AlertStore;

  beforeEach(async () => {
    handle = openDatabase('sqlite::memory:');
    await migrateToLatest(handle);
    store = new AlertStore(handle, new SystemClock());
  });
  afterEach(() => handle.db.destroy());

  const stored = (tenantId: string) =>
    handle.db.selectFrom('alerts').select(['seq', 'external_id']).where('tenant_id', '=', tenantId).orderBy('seq').execute();

  it('stores a group of concurrent alerts with gap-free seqs per tenant, in arrival order', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, n) => store.append(n % 2 ? 't-odd' : 't-even', alert(n))));
    expect(results.every((r) => r.created)).toBe(true);
    for (const tenant of ['t-even', 't-odd']) {
      const mine = results.filter((r) => r.alert.tenantId === tenant).map((r) => r.alert.seq);
      expect(mine).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await stored(tenant)).map((r) => Number(r.seq))).toEqual(mine);
    }
  });

  it('answers a repeated externalId in the same group with the first alert, without spending a seq', async () => {
    const [first, again, other] = await Promise.all([
      store.append('t', alert(1, { externalId: 'x-1' })),
      store.append('t', alert(2, { externalId: 'x-1' })),
      store.append('t', alert(3)),
    ]);
    expect(first!.created).toBe(true);
    expect(again!.created).toBe(false);
    expect(again!.alert.id).toBe(first!.alert.id);
    expect(other!.alert.seq).toBe(2);
    expect((await stored('t')).map((r) => Number(r.seq))).toEqual([1, 2]);
  });

  it('fails only the alert that cannot be stored: the rest of its group is stored', async () => {
    // A BigInt in metadata cannot become JSON: that alert's write throws inside the group's transaction.
    const results = await Promise.allSettled([
      store.append('t', alert(1)),
      store.append('t', alert(2, { metadata: { bad: 1n } as unknown as Record<string, unknown> })),
      store.append('t', alert(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await stored('t')).map((r) => Number(r.seq))).toEqual([1, 2]);
  });
});

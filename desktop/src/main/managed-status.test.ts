import { ManagedConfigSchema } from '@plantao/shared';
import { describe, expect, it, vi } from 'vitest';
import { managedConfigStatusOf } from './managed-status';

vi.mock('electron', () => import('../../test/support/fake-electron'));

describe('managed config status', () => {
  it('says absent, loaded or invalid, with the path and the error', () => {
    const config = ManagedConfigSchema.parse({});
    const path = '/etc/plantao/config.json';
    expect(managedConfigStatusOf({ ok: true, missing: true, config, path, source: 'machine' })).toEqual({ state: 'absent', path });
    expect(managedConfigStatusOf({ ok: true, config, path, source: 'machine' })).toEqual({ state: 'loaded', path });
    expect(managedConfigStatusOf({ ok: false, config, path, source: 'machine', error: 'bad' })).toEqual({
      state: 'invalid',
      path,
      error: 'bad',
    });
  });
});

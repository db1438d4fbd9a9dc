import { HandshakeAuthSchema } from '@plantao/shared';
import { describe, expect, it } from 'vitest';
import { handshakeIdentity, isValidStationId, newStationId } from './station-identity';

describe('station identity in the handshake (issue #9)', () => {
  it('makes random 128-bit ids', () => {
    const ids = new Set(Array.from({ length: 100 }, newStationId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(isValidStationId(id)).toBe(true);
  });

  it('sends what the host gave when the shared schema accepts it', () => {
    const identity = handshakeIdentity('pc-7', { name: 'ENF-3A', host: 'enf-3a.hospital.local', appVersion: '0.1.0' });
    expect(identity).toEqual({ id: 'pc-7', name: 'ENF-3A', host: 'enf-3a.hospital.local', appVersion: '0.1.0' });
    expect(HandshakeAuthSchema.parse({ token: 't', station: identity }).station).toEqual(identity);
  });

  it('leaves out a field the server would refuse, instead of getting the station refused', () => {
    expect(handshakeIdentity('pc-7', { name: '', host: 'x'.repeat(300), appVersion: '1.0.0' })).toEqual({
      id: 'pc-7',
      appVersion: '1.0.0',
    });
  });

  it('refuses empty, padded and overlong ids', () => {
    for (const id of ['', ' pc ', 'x'.repeat(201), 42, undefined]) expect(isValidStationId(id)).toBe(false);
  });
});

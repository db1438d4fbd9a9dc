import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { AddressConnectionLimit, clientAddress } from './address-connection-limit';

const request = (remoteAddress: string | undefined, headers: Record<string, string | string[]> = {}) =>
  ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('AddressConnectionLimit', () => {
  it('allows up to max per address, independently per address', () => {
    const limit = new AddressConnectionLimit(2);
    expect([limit.add('a'), limit.add('a')]).toEqual([true, true]);
    expect(limit.allows('a')).toBe(false);
    expect(limit.allows('b')).toBe(true);
    // Two handshakes that passed `allows` together: the late one is told to close.
    expect(limit.add('a')).toBe(false);
    limit.remove('a');
    limit.remove('a');
    expect(limit.allows('a')).toBe(true);
    limit.remove('a');
    expect(limit.addresses).toBe(0);
  });
});

describe('clientAddress', () => {
  it('uses the TCP peer, folding IPv4-mapped IPv6 into IPv4', () => {
    expect(clientAddress(request('::ffff:10.1.2.3'))).toBe('10.1.2.3');
    expect(clientAddress(request('2001:db8::1'))).toBe('2001:db8::1');
    expect(clientAddress(request(undefined))).toBe('unknown');
  });

  it('trusts a proxy header only when configured, taking the entry the proxy appended', () => {
    const proxied = request('10.0.0.9', { 'x-forwarded-for': 'spoofed, 203.0.113.7' });
    expect(clientAddress(proxied)).toBe('10.0.0.9');
    expect(clientAddress(proxied, 'X-Forwarded-For')).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.9', { 'x-real-ip': '198.51.100.2' }), 'x-real-ip')).toBe('198.51.100.2');
    expect(clientAddress(request('10.0.0.9'), 'x-real-ip')).toBe('10.0.0.9');
  });
});

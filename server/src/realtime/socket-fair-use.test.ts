import { ClientEvent } from '@plantao/shared';
import { describe, expect, it } from 'vitest';
import { type FairUseLimits, SocketFairUse, SYNC_IN_FLIGHT } from './socket-fair-use';

const limits: FairUseLimits = {
  maxInFlight: 4,
  syncBurst: 3,
  syncPerMinute: 60,
  actionBurst: 5,
  actionPerMinute: 60,
  refusalsBeforeDisconnect: 10,
};

const fairUse = () => {
  let t = 0;
  return { use: new SocketFairUse(limits, () => t), advance: (ms: number) => (t += ms) };
};

describe('SocketFairUse', () => {
  it('gives each event kind its own bucket: sync and actions sized apart', () => {
    const { use } = fairUse();
    const admitted = (event: string, n: number) => Array.from({ length: n }, () => use.admit(event) === undefined).filter(Boolean).length;
    expect(admitted(ClientEvent.Sync, 10)).toBe(3);
    expect(admitted(ClientEvent.AckAlert, 7)).toBe(5); // 9 refusals so far: under the 10 that disconnect
    // Another kind is not starved by the first one's flood.
    expect(admitted(ClientEvent.MarkAlertRead, 1)).toBe(1);
  });

  it('gives a station’s automatic receipts a bucket of their own, sized for a flood (10 batches/s)', () => {
    const { use, advance } = fairUse();
    const admitted = (n: number) =>
      Array.from({ length: n }, () => use.admit(ClientEvent.AlertDelivered) === undefined).filter(Boolean).length;
    expect(admitted(100)).toBe(100);
    advance(1000);
    expect(admitted(20)).toBe(10);
  });

  it('says when to retry, and refills at the configured rate', () => {
    const { use, advance } = fairUse();
    for (let i = 0; i < 3; i++) use.admit(ClientEvent.Sync);
    expect(use.admit(ClientEvent.Sync)).toEqual({ message: 'too many sync requests; retry in 1 s', disconnect: false });
    advance(1000);
    expect(use.admit(ClientEvent.Sync)).toBeUndefined();
  });

  it('puts every event name outside the contract into one bucket', () => {
    const { use } = fairUse();
    const results = Array.from({ length: 6 }, (_, i) => use.admit(`invented-${i}`));
    expect(results.filter((r) => r === undefined)).toHaveLength(5);
    expect(results[5]?.message).toContain('unknown event');
  });

  it('caps handlers in flight, sync at two, and frees the slot on leave', () => {
    const { use } = fairUse();
    for (let i = 0; i < SYNC_IN_FLIGHT; i++) expect(use.enter(ClientEvent.Sync)).toBeUndefined();
    expect(use.enter(ClientEvent.Sync)?.message).toBe('more than 2 sync requests in flight');
    expect(use.enter(ClientEvent.AckAlert)).toBeUndefined();
    expect(use.enter(ClientEvent.AckAlert)).toBeUndefined();
    expect(use.enter(ClientEvent.MarkAlertRead)?.message).toBe('more than 4 requests in flight');
    use.leave(ClientEvent.Sync);
    expect(use.running).toBe(3);
    expect(use.enter(ClientEvent.Sync)).toBeUndefined();
  });

  it('disconnects a socket that keeps going after rate_limited, not one that backs off', () => {
    const patient = fairUse();
    for (let round = 0; round < 30; round++) {
      for (let i = 0; i < 6; i++) patient.use.admit(ClientEvent.AckAlert); // 1 over the bucket each round
      patient.advance(5_000);
    }
    expect(patient.use.admit(ClientEvent.AckAlert)).toBeUndefined();

    const flood = fairUse();
    const answers = Array.from({ length: 1000 }, () => flood.use.admit(ClientEvent.AckAlert));
    const refused = answers.filter((a) => a !== undefined);
    expect(refused.filter((a) => !a.disconnect)).toHaveLength(limits.refusalsBeforeDisconnect);
    expect(refused.at(-1)?.disconnect).toBe(true);
    // Once marked, nothing more runs, in any bucket.
    flood.advance(60_000);
    expect(flood.use.admit(ClientEvent.Sync)?.disconnect).toBe(true);
    expect(flood.use.enter(ClientEvent.Sync)?.disconnect).toBe(true);
  });
});

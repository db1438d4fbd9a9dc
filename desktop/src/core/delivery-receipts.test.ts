import { SYNC_PAGE_SIZE } from '@plantao/shared';
import { describe, expect, it } from 'vitest';
import type { ActionResult } from './connection';
import { createDeliveryReceipts } from './delivery-receipts';
import type { Session } from './station-session';
import { FakeScheduler, memoryLogger } from '../../test/support/station-fakes';

/** A link whose `alert_delivered` answers the test decides (a real socket is in desktop/test/core). */
function fakeLink() {
  const calls: string[][] = [];
  const answers: Array<(ids: string[]) => Promise<ActionResult>> = [];
  const connection = {
    connected: true,
    alertDelivered: (ids: readonly string[]) => {
      calls.push([...ids]);
      const answer = answers.shift();
      return answer ? answer([...ids]) : Promise.resolve<ActionResult>({ ok: true });
    },
  };
  const session = { connection } as unknown as Session;
  return { calls, answers, connection, session };
}

function setup(held: (id: string) => boolean = () => true) {
  const clock = new FakeScheduler();
  const link = fakeLink();
  let current: Session | undefined = link.session;
  const receipts = createDeliveryReceipts({
    sessions: { current: () => current, isCurrent: (session) => session === current },
    holds: held,
    scheduler: clock,
    logger: memoryLogger(false),
    tenantId: () => 't1',
  });
  return { clock, link, receipts, endSession: () => (current = undefined) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('delivery receipts', () => {
  it('collects ids for a moment and confirms them in one call, each id once', async () => {
    const { clock, link, receipts } = setup();
    receipts.received(['a1', 'a2']);
    receipts.received(['a2', 'a3']);
    expect(link.calls).toEqual([]);
    clock.advance(200);
    await settle();
    expect(link.calls).toEqual([['a1', 'a2', 'a3']]);
    expect(receipts.pending).toEqual([]);
    // A replay of what was confirmed is not sent again.
    receipts.received(['a1', 'a3']);
    clock.advance(1_000);
    await settle();
    expect(link.calls).toHaveLength(1);
  });

  it('sends at most one sync page per call', async () => {
    const { clock, link, receipts } = setup();
    const ids = Array.from({ length: SYNC_PAGE_SIZE * 2 + 5 }, (_, i) => `a${i}`);
    receipts.received(ids);
    clock.advance(200);
    for (let i = 0; i < 5; i++) await settle();
    expect(link.calls.map((call) => call.length)).toEqual([SYNC_PAGE_SIZE, SYNC_PAGE_SIZE, 5]);
    expect(link.calls.flat()).toEqual(ids);
  });

  it('a batch not answered goes again after the next connect; a refused one too', async () => {
    const { clock, link, receipts } = setup();
    link.answers.push(() => Promise.reject(new Error('operation has timed out')));
    receipts.received(['a1']);
    clock.advance(200);
    await settle();
    expect(receipts.pending).toEqual(['a1']);
    receipts.connected();
    await settle();
    expect(link.calls).toEqual([['a1'], ['a1']]);
    expect(receipts.pending).toEqual([]);

    link.answers.push(async () => ({ ok: false, code: 'forbidden' }));
    receipts.received(['a2']);
    clock.advance(200);
    await settle();
    clock.advance(60_000); // a refusal is not hammered on the same link
    await settle();
    expect(link.calls).toEqual([['a1'], ['a1'], ['a2']]);
    receipts.connected();
    await settle();
    expect(link.calls.at(-1)).toEqual(['a2']);
    expect(receipts.pending).toEqual([]);
  });

  it('an overloaded server (rate_limited) gets the batch again later on the same link', async () => {
    const { clock, link, receipts } = setup();
    link.answers.push(async () => ({ ok: false, code: 'rate_limited' }));
    receipts.received(['a1']);
    clock.advance(200);
    await settle();
    clock.advance(15_000);
    await settle();
    expect(link.calls).toEqual([['a1'], ['a1']]);
    expect(receipts.pending).toEqual([]);
  });

  it('waits while the link is down, and sends when it is back', async () => {
    const { clock, link, receipts } = setup();
    link.connection.connected = false;
    receipts.received(['a1']);
    clock.advance(200);
    await settle();
    expect(link.calls).toEqual([]);
    link.connection.connected = true;
    receipts.connected();
    await settle();
    expect(link.calls).toEqual([['a1']]);
  });

  it('a reconnect does not wait for a batch lost with the old link', async () => {
    const { clock, link, receipts } = setup();
    let lose!: (error: Error) => void;
    link.answers.push(() => new Promise((_, reject) => (lose = reject)));
    receipts.received(['a1']);
    clock.advance(200);
    await settle();
    receipts.connected();
    await settle();
    expect(link.calls).toEqual([['a1'], ['a1']]);
    lose(new Error('operation has timed out'));
    await settle();
    clock.advance(60_000);
    await settle();
    expect(link.calls).toHaveLength(2);
    expect(receipts.pending).toEqual([]);
  });

  it('never sends an alert the store no longer holds (logout, another hospital), and forgets everything on reset', async () => {
    const held = new Set(['a1']);
    const { clock, link, receipts } = setup((id) => held.has(id));
    receipts.received(['a1', 'gone']);
    clock.advance(200);
    await settle();
    expect(link.calls).toEqual([['a1']]);
    receipts.reset();
    receipts.received(['a1']);
    clock.advance(200);
    await settle();
    expect(link.calls).toEqual([['a1'], ['a1']]);
  });
});

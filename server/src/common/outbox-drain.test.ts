import { describe, expect, it } from 'vitest';
import { OutboxDrain } from './outbox-drain';

describe('OutboxDrain', () => {
  it('attempts what is due until nothing is, and concurrent kicks share one drain', async () => {
    let queue = [1, 2, 3, 4, 5];
    let queries = 0;
    const sent: number[] = [];
    const drain = new OutboxDrain(
      async () => {
        queries++;
        return queue.slice(0, 2);
      },
      async (row: number) => {
        sent.push(row);
        queue = queue.filter((r) => r !== row);
      },
      () => undefined,
    );
    const first = drain.kick();
    expect(drain.kick()).toBe(first);
    await first;
    expect(sent).toEqual([1, 2, 3, 4, 5]);
    expect(queries).toBe(4);
  });

  it('reports a failed drain and runs again on the next kick; after close nothing starts', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const sent: string[] = [];
    let pending = ['a'];
    const drain = new OutboxDrain(
      async () => {
        if (fail) throw new Error('database down');
        return pending;
      },
      async (row: string) => {
        sent.push(row);
        pending = [];
      },
      (error) => errors.push(error),
    );
    await drain.kick();
    expect(errors).toHaveLength(1);
    fail = false;
    await drain.kick();
    expect(sent).toEqual(['a']);
    await drain.close();
    pending = ['b'];
    await drain.kick();
    expect(sent).toEqual(['a']);
  });
});

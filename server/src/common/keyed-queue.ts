/**
 * Runs tasks with the same key one after another (different keys run in
 * parallel). Used where two events about one patient must not interleave:
 * triage deciding "new alert or recurrence", and priority recomputes.
 * Per process; the database constraints cover several instances.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

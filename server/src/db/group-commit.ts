import type { Kysely } from 'kysely';
import type { DatabaseHandle } from './create-database';
import type { Database } from './schema';

/**
 * What one kind of write does when it shares a SQLite transaction with others.
 * `G` is scratch state of one group (e.g. the tenants already ensured in it).
 */
export interface GroupedWrite<I, W, O, G> {
  /** The item's statements, inside the group's transaction. */
  write(trx: Kysely<Database>, item: I, group: G): Promise<W>;
  /** After the commit: what the caller is answered. */
  settle(item: I, written: W): Promise<O>;
  /** The item in a transaction of its own: a group of one, or each item again after its group failed. */
  alone(item: I): Promise<O>;
  newGroup(): G;
}

type Pending<I, O> = { item: I; resolve: (result: O) => void; reject: (error: unknown) => void };

/**
 * SQLite group commit. better-sqlite3 runs on the event loop's thread and
 * `synchronous = FULL` fsyncs every commit, so one transaction per request
 * blocks every socket for one fsync each: in a reconnect storm that is one
 * per station batch of receipts. The writes that arrive while the loop is
 * busy are written in one transaction instead (one fsync for all), and each
 * caller is answered only after that commit. A failed group (which rolls back
 * every item in it) sends each item again alone, so one bad item fails alone.
 * PostgreSQL commits on its own backends, concurrently: there every item is
 * written alone at once.
 */
export class GroupCommit<I, W, O, G> {
  private pending: Pending<I, O>[] = [];
  private flushing = false;

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly writes: GroupedWrite<I, W, O, G>,
    private readonly maxGroup: number,
  ) {}

  submit(item: I): Promise<O> {
    if (this.handle.kind !== 'sqlite') return this.writes.alone(item);
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.flushing) return;
      this.flushing = true;
      // After the I/O phase: everything parsed in this turn of the event loop joins the group.
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const { writes } = this;
    while (this.pending.length > 0) {
      const group = this.pending.splice(0, this.maxGroup);
      if (group.length === 1) {
        const [only] = group as [Pending<I, O>];
        await writes.alone(only.item).then(only.resolve, only.reject);
        continue;
      }
      let written: W[];
      try {
        written = await this.handle.db.transaction().execute(async (trx) => {
          const state = writes.newGroup();
          const results: W[] = [];
          for (const { item } of group) results.push(await writes.write(trx, item, state));
          return results;
        });
      } catch {
        await Promise.all(group.map(({ item, resolve, reject }) => writes.alone(item).then(resolve, reject)));
        continue;
      }
      // Committed: only now is anyone told it is stored.
      await Promise.all(group.map(({ item, resolve, reject }, i) => writes.settle(item, written[i]!).then(resolve, reject)));
    }
    this.flushing = false;
  }
}

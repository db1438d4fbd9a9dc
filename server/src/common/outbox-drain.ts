/**
 * The send loop of a durable outbox table (WhatsApp replies, escalation
 * pages): take the rows that are due, attempt each, repeat until none is due.
 * Concurrent kicks share one drain, and after `close()` nothing starts and the
 * drain in progress is awaited. Claiming a row (the lease) stays with the
 * attempt: it is the table's own conditional UPDATE.
 */
export class OutboxDrain<Row> {
  private draining?: Promise<void>;
  private closed = false;

  constructor(
    private readonly due: () => Promise<Row[]>,
    private readonly attempt: (row: Row) => Promise<void>,
    private readonly failed: (error: unknown) => void,
  ) {}

  kick(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.draining ??= this.drain()
      .catch((error: unknown) => this.failed(error))
      .finally(() => (this.draining = undefined));
    return this.draining;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.draining;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.due();
      if (rows.length === 0 || this.closed) return;
      for (const row of rows) await this.attempt(row);
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { QueueState } from '@plantao/shared';
import { Clock } from '../common/clock';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { MAX_ATTEMPTS as INBOX_MAX_ATTEMPTS } from '../whatsapp/webhook-inbox.service';

interface Aggregate {
  pending: number | string | bigint | null;
  failed: number | string | bigint | null;
  oldest: string | null;
}

/**
 * The backlog of the two durable queues, for `/health`: one aggregate query
 * each, over the rows their indexes already find (`webhook_inbox_pending` on
 * `processed_at`, `outbound_due` on `status`), whatever the size of the
 * delivered history.
 */
@Injectable()
export class QueueStateReader {
  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly clock: Clock,
  ) {}

  /** The WhatsApp webhook inbox: unprocessed deliveries, retrying (pending) or given up on (failed). */
  async inbox(): Promise<QueueState> {
    const row = await this.handle.db
      .selectFrom('webhook_inbox')
      .where('processed_at', 'is', null)
      .select((eb) => [
        eb.fn.sum<number>(eb.case().when('attempts', '<', INBOX_MAX_ATTEMPTS).then(1).else(0).end()).as('pending'),
        eb.fn.sum<number>(eb.case().when('attempts', '>=', INBOX_MAX_ATTEMPTS).then(1).else(0).end()).as('failed'),
        eb.fn.min<string | null>(eb.case().when('attempts', '<', INBOX_MAX_ATTEMPTS).then(eb.ref('received_at')).end()).as('oldest'),
      ])
      .executeTakeFirst();
    return this.state(row);
  }

  /** Nurses' replies to WhatsApp: waiting for a (re)try (pending) or given up on (failed). */
  async outbound(): Promise<QueueState> {
    const row = await this.handle.db
      .selectFrom('outbound_messages')
      .where('status', 'in', ['pending', 'failed'])
      .select((eb) => [
        eb.fn.sum<number>(eb.case().when('status', '=', 'pending').then(1).else(0).end()).as('pending'),
        eb.fn.sum<number>(eb.case().when('status', '=', 'failed').then(1).else(0).end()).as('failed'),
        eb.fn.min<string | null>(eb.case().when('status', '=', 'pending').then(eb.ref('created_at')).end()).as('oldest'),
      ])
      .executeTakeFirst();
    return this.state(row);
  }

  /** PostgreSQL answers sums as strings (bigint), and null over no rows. */
  private state(row: Aggregate | undefined): QueueState {
    const oldest = row?.oldest ? Date.parse(row.oldest) : undefined;
    return {
      pending: Number(row?.pending ?? 0),
      failed: Number(row?.failed ?? 0),
      oldestPendingAgeSeconds: oldest === undefined ? null : Math.max(0, Math.floor((this.clock.now() - oldest) / 1000)),
    };
  }
}

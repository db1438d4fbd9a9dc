import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { priorityCategory, ServerEvent, type Severity } from '@plantao/shared';
import { Broadcaster } from '../broadcast/broadcaster';
import { Clock } from '../common/clock';
import { KeyedQueue } from '../common/keyed-queue';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { LatestValueThrottle } from './latest-value-throttle';
import { priorityScore } from './priority-score';

/** Recomputes a patient's score after every relevant event and emits it throttled. */
@Injectable()
export class PriorityService implements OnApplicationShutdown {
  private readonly logger = new Logger(PriorityService.name);
  private readonly throttle: LatestValueThrottle<number>;
  /** Recomputes of one patient run one after another, so a slow older one cannot overwrite a newer score. */
  private readonly queue = new KeyedQueue();
  private readonly context = new Map<string, { tenantId: string; patientId: string; patientName?: string; reason: string }>();
  /** Fire-and-forget recomputes queued behind a running one and not started yet, by patient key (see `recompute`). */
  private readonly waiting = new Map<string, { reason: string }>();
  /** Scores to store in the next write (see `store`), by patient key. */
  private readonly unsaved = new Map<string, { tenantId: string; patientId: string; score: number }>();
  private saving?: Promise<void>;

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly broadcaster: Broadcaster,
    private readonly clock: Clock,
  ) {
    this.throttle = new LatestValueThrottle<number>(config.priorityThrottleMs, (key, oldPriority, newPriority) => {
      const ctx = this.context.get(key);
      if (!ctx) return;
      this.broadcaster.toTenant(ctx.tenantId, ServerEvent.PriorityUpdate, {
        patientId: ctx.patientId,
        ...(ctx.patientName ? { patientName: ctx.patientName } : {}),
        oldPriority,
        newPriority,
        category: priorityCategory(newPriority),
        reason: ctx.reason,
        timestamp: this.clock.isoNow(),
      });
    });
  }

  /**
   * Fire-and-forget from event handlers: a failure is logged, never breaks the caller.
   * Coalesced per patient: while a recompute waits for its turn, more requests for the
   * same patient join it (the latest reason wins) instead of queueing one each. It
   * reads the database when it starts, so it still sees every event that asked for it;
   * a burst of 1,000 alerts for one patient costs a few recomputes, not 1,000.
   */
  recompute(tenantId: string, patientId: string, reason: string): void {
    const key = `${tenantId}\u0000${patientId}`;
    const queued = this.waiting.get(key);
    if (queued) {
      queued.reason = reason;
      return;
    }
    const request = { reason };
    this.waiting.set(key, request);
    this.queue
      .run(key, () => {
        this.waiting.delete(key);
        return this.computeAndPush(tenantId, patientId, request.reason);
      })
      .catch((error: unknown) => this.logger.error({ tenantId, patientId, err: error }, 'priority recompute failed'));
  }

  recomputeNow(tenantId: string, patientId: string, reason: string): Promise<number> {
    return this.queue.run(`${tenantId}\u0000${patientId}`, () => this.computeAndPush(tenantId, patientId, reason));
  }

  private async computeAndPush(tenantId: string, patientId: string, reason: string): Promise<number> {
    const db = this.handle.db;
    const open = await db
      .selectFrom('alerts')
      .select(['severity', 'created_at', 'patient_name', 'type'])
      .where('tenant_id', '=', tenantId)
      .where('patient_id', '=', patientId)
      .where('acknowledged_by', 'is', null)
      .execute();
    const conversations = await db
      .selectFrom('conversations')
      .select(['unanswered_since', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('patient_id', '=', patientId)
      .execute();
    const unanswered = conversations
      .map((c) => c.unanswered_since)
      .filter((s): s is string => Boolean(s))
      .map(Date.parse);
    const score = priorityScore(
      {
        openAlerts: open.map((a) => ({
          severity: a.severity as Severity,
          raisedAt: Date.parse(a.created_at),
          worsening: a.type === 'symptom_worsening',
        })),
        ...(unanswered.length ? { unansweredSince: Math.min(...unanswered) } : {}),
        assumed: conversations.some((c) => c.status === 'assumed'),
      },
      this.clock.now(),
    );
    const patient = await db
      .selectFrom('patients')
      .select(['priority', 'name'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', patientId)
      .executeTakeFirst();
    const previous = Number(patient?.priority ?? 0);
    // Unchanged (a patient already at 100, or the same alerts): no write, which on SQLite would be a commit and an fsync.
    if (patient && score !== previous) await this.store(tenantId, patientId, score);
    const key = `${tenantId}\u0000${patientId}`;
    this.context.set(key, { tenantId, patientId, patientName: patient?.name ?? open[0]?.patient_name, reason });
    this.throttle.push(key, score, previous);
    return score;
  }

  /**
   * Stores a score together with the others computed in the same turn of the
   * event loop: one transaction, so on SQLite one fsync for a burst of
   * recomputes instead of one each (a commit costs milliseconds on a real disk).
   * Resolves once this score is written.
   */
  private store(tenantId: string, patientId: string, score: number): Promise<void> {
    this.unsaved.set(`${tenantId}\u0000${patientId}`, { tenantId, patientId, score });
    this.saving ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      // In key order: two instances' batches take PostgreSQL's row locks in the same order, so they cannot deadlock.
      const batch = [...this.unsaved].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
      this.unsaved.clear();
      this.saving = undefined;
      return this.handle.db.transaction().execute(async (trx) => {
        for (const s of batch) {
          await trx
            .updateTable('patients')
            .set({ priority: s.score })
            .where('tenant_id', '=', s.tenantId)
            .where('id', '=', s.patientId)
            .execute();
        }
      });
    });
    return this.saving;
  }

  onApplicationShutdown(): void {
    this.throttle.close();
  }
}

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

  /** Fire-and-forget from event handlers: a failure is logged, never breaks the caller. */
  recompute(tenantId: string, patientId: string, reason: string): void {
    this.recomputeNow(tenantId, patientId, reason).catch((error: unknown) =>
      this.logger.error({ tenantId, patientId, err: error }, 'priority recompute failed'),
    );
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
    if (patient) {
      await db.updateTable('patients').set({ priority: score }).where('tenant_id', '=', tenantId).where('id', '=', patientId).execute();
    }
    const key = `${tenantId}\u0000${patientId}`;
    this.context.set(key, { tenantId, patientId, patientName: patient?.name ?? open[0]?.patient_name, reason });
    this.throttle.push(key, score, previous);
    return score;
  }

  onApplicationShutdown(): void {
    this.throttle.close();
  }
}

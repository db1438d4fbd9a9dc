import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EscalationOutbox } from './escalation-outbox';
import { EscalationService } from './escalation.service';
import { NoStationWatch } from './no-station-watch';

/**
 * One tick (ESCALATION_CHECK_MS, default 1 s) runs the three checks in turn,
 * never overlapping: deadlines fire within about a second, and a tick missed
 * during a crash is simply the next one. 0 turns it off (tests call them).
 */
@Injectable()
export class EscalationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EscalationScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly escalation: EscalationService,
    private readonly noStation: NoStationWatch,
    private readonly outbox: EscalationOutbox,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.escalation.checkMs > 0) this.timer = setInterval(() => this.tick(), this.config.escalation.checkMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.runChecks().finally(() => (this.running = undefined));
  }

  private async runChecks(): Promise<void> {
    for (const [name, run] of [
      ['escalation', () => this.escalation.check()],
      ['no-station', () => this.noStation.check()],
      ['outbox', () => this.outbox.kick()],
    ] as const) {
      try {
        await run();
      } catch (error) {
        this.logger.error({ err: error }, `${name} check failed; next tick retries`);
      }
    }
  }
}

import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Metrics } from './metrics.service';

/**
 * An unhandled promise rejection is logged and counted
 * (`plantao_unhandled_errors_total{kind="unhandledRejection"}`) and the
 * process keeps running: the rejected operation is already lost, and killing
 * the process would also drop every station of every hospital on this
 * instance (issue #8 measured exactly that on a Redis outage). A non-zero
 * counter is a bug to fix; the outage tests assert it stays 0.
 * Registered per app (tests run several in one process) and removed at shutdown.
 * `uncaughtException` is main.ts's: it logs, counts and exits (Node's guidance).
 */
@Injectable()
export class ProcessErrors implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Process');
  private readonly onRejection = (reason: unknown) => {
    this.metrics.unhandledErrors.inc({ kind: 'unhandledRejection' });
    this.logger.error({ err: reason }, 'unhandled promise rejection (counted; the process keeps running)');
  };

  constructor(private readonly metrics: Metrics) {}

  onModuleInit(): void {
    process.on('unhandledRejection', this.onRejection);
  }

  onApplicationShutdown(): void {
    process.off('unhandledRejection', this.onRejection);
  }

  /** For main.ts's `uncaughtException` handler, just before it exits. */
  uncaughtException(error: unknown): void {
    this.metrics.unhandledErrors.inc({ kind: 'uncaughtException' });
    this.logger.fatal({ err: error }, 'uncaught exception: exiting (stations reconnect to another instance and replay)');
  }
}

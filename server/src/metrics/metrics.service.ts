import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics (prom-client). One registry per app instance rather than
 * the global one, so several apps in one process (tests) do not collide.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly connectedSockets = new Gauge({
    name: 'plantao_connected_sockets',
    help: 'Station sockets connected to this instance, per tenant',
    labelNames: ['tenant'] as const,
    registers: [this.registry],
  });

  readonly alertsStored = new Counter({
    name: 'plantao_alerts_stored_total',
    help: 'Alerts written to the durable log',
    labelNames: ['tenant'] as const,
    registers: [this.registry],
  });

  readonly alertsEmitted = new Counter({
    name: 'plantao_alerts_emitted_total',
    help: 'Alerts broadcast to a tenant room (live, not replay)',
    labelNames: ['tenant'] as const,
    registers: [this.registry],
  });

  readonly alertsReplayed = new Counter({
    name: 'plantao_alerts_replayed_total',
    help: 'Alerts re-sent to a reconnecting station (handshake lastSeq or sync)',
    registers: [this.registry],
  });

  readonly emitLatency = new Histogram({
    name: 'plantao_alert_emit_latency_seconds',
    help: 'From the alert request being accepted to its broadcast (stored first)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly invalidPayloads = new Counter({
    name: 'plantao_socket_invalid_payloads_total',
    help: 'Socket events refused by schema validation',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  readonly unhandledErrors = new Counter({
    name: 'plantao_unhandled_errors_total',
    help: 'Unhandled promise rejections (logged, process keeps running) and uncaught exceptions (logged, process exits)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'plantao_' });
    // Present at 0 from the start, so a scrape (and an alert rule) sees the series before the first error.
    for (const kind of ['unhandledRejection', 'uncaughtException']) this.unhandledErrors.inc({ kind }, 0);
  }
}

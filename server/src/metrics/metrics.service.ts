import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The label values each counter is created with at 0 (anything else still counts, it just appears on first use). */
export const FAILED_LOGIN_REASONS = ['invalid_credentials', 'account_disabled', 'throttled'] as const;
export const REFUSED_HANDSHAKE_REASONS = ['invalid_auth', 'unauthorized', 'token_expired'] as const;
export const WEBHOOK_REJECTION_REASONS = ['signature', 'malformed', 'error'] as const;
export const OUTBOUND_FAILURE_OUTCOMES = ['retry', 'failed'] as const;
export const TRIAGE_FALLBACK_REASONS = ['timeout', 'error'] as const;

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

  /** Reasons are fixed words, never the e-mail tried: labels are not a place for personal data (and would not stay few). */
  readonly failedLogins = new Counter({
    name: 'plantao_failed_logins_total',
    help: 'Sign-ins refused: wrong e-mail or password (invalid_credentials), a disabled account, or blocked by the throttle before any check (throttled)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly refusedHandshakes = new Counter({
    name: 'plantao_socket_handshakes_refused_total',
    help: '/alerts handshakes refused before the connection existed: no or malformed auth (invalid_auth), a token that does not verify or a disabled user (unauthorized), an expired token (token_expired)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly webhookAccepted = new Counter({
    name: 'plantao_whatsapp_webhook_accepted_total',
    help: 'WhatsApp webhook deliveries verified and stored in the inbox (answered 200)',
    registers: [this.registry],
  });

  readonly webhookRejected = new Counter({
    name: 'plantao_whatsapp_webhook_rejected_total',
    help: 'WhatsApp webhook deliveries refused: bad signature (401), malformed body (400), or not stored (error: Meta retries)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly outboundFailures = new Counter({
    name: 'plantao_whatsapp_outbound_failures_total',
    help: 'Failed WhatsApp send attempts of nurse replies: retry (another attempt is scheduled) or failed (given up, the nurse is shown it)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly triageAgentFallbacks = new Counter({
    name: 'plantao_triage_agent_fallbacks_total',
    help: 'Messages the triage agent (TRIAGE_AGENT_URL) did not decide, so the pt-BR rules did: timeout, or error (unreachable, bad status, nonsense answer)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'plantao_' });
    // Present at 0 from the start, so a scrape (and an alert rule) sees the series before the first event.
    for (const kind of ['unhandledRejection', 'uncaughtException']) this.unhandledErrors.inc({ kind }, 0);
    for (const reason of FAILED_LOGIN_REASONS) this.failedLogins.inc({ reason }, 0);
    for (const reason of REFUSED_HANDSHAKE_REASONS) this.refusedHandshakes.inc({ reason }, 0);
    for (const reason of WEBHOOK_REJECTION_REASONS) this.webhookRejected.inc({ reason }, 0);
    for (const outcome of OUTBOUND_FAILURE_OUTCOMES) this.outboundFailures.inc({ outcome }, 0);
    for (const reason of TRIAGE_FALLBACK_REASONS) this.triageAgentFallbacks.inc({ reason }, 0);
  }
}

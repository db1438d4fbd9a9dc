import { z } from 'zod';

/** A durable queue's backlog as `/health` reports it (the WhatsApp webhook inbox, the outbound replies). */
export const QueueStateSchema = z.object({
  /** Waiting to be processed or sent (retries included). */
  pending: z.number().int().min(0),
  /** Given up on: an operator has to look (the inbox after its last attempt, a reply the nurse was shown as failed). */
  failed: z.number().int().min(0),
  /** How long the oldest pending item has waited; null when nothing is pending. */
  oldestPendingAgeSeconds: z.number().int().min(0).nullable(),
});
export type QueueState = z.infer<typeof QueueStateSchema>;

/**
 * `GET /health` (no token): 200 when the database (and Redis, when used) is
 * up, 503 otherwise. The queues do not change the status (a backlog is not
 * an outage); they are null when the database did not answer in time.
 */
export const HealthResponseSchema = z.object({
  status: z.enum(['ok', 'error']),
  /** The server's version (server/package.json). */
  version: z.string(),
  db: z.enum(['up', 'down']),
  dbKind: z.enum(['sqlite', 'postgres']),
  redis: z.enum(['up', 'down', 'disabled']),
  inbox: QueueStateSchema.nullable(),
  outbound: QueueStateSchema.nullable(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

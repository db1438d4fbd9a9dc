const DAY_MS = 86_400_000;

/**
 * The instant before which a tenant's messages and alerts are past its
 * retention window, as the ISO-8601 UTC string both databases store and
 * compare (`created_at < cutoff` is purged: a row exactly `days` old is kept).
 * Undefined when the tenant keeps everything (0 days).
 */
export function retentionCutoff(nowMs: number, days: number): string | undefined {
  if (days <= 0) return undefined;
  return new Date(nowMs - days * DAY_MS).toISOString();
}

/**
 * Processed webhook deliveries are a transport buffer: their messages live in
 * `messages` under the tenant's retention, and Meta stops redelivering after
 * 7 days, after which the inbox row no longer deduplicates anything. Kept
 * longer, it would be a copy of every patient message that outlives every
 * hospital's retention.
 */
export const WEBHOOK_INBOX_KEEP_DAYS = 7;

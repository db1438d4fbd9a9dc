import { type Severity } from '@plantao/shared';

/**
 * Patient priority, 0–100 (README "Priority score"). Each open
 * (unacknowledged) alert contributes its severity weight, halved every
 * HALF_LIFE_HOURS so an old, unattended medium alert does not outrank a new
 * critical one; the strongest alert counts fully, the others add 30% each.
 * Acknowledging an alert removes it (the nurse has acted).
 */
export const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 80, high: 55, medium: 30, low: 10 };
export const HALF_LIFE_HOURS = 12;
const OTHERS_FACTOR = 0.3;

export interface OpenAlert {
  severity: Severity;
  raisedAt: number;
}

export function priorityScore(openAlerts: OpenAlert[], now: number): number {
  const contributions = openAlerts
    .map((a) => SEVERITY_WEIGHT[a.severity] * 0.5 ** (Math.max(0, now - a.raisedAt) / 3_600_000 / HALF_LIFE_HOURS))
    .sort((x, y) => y - x);
  const [strongest = 0, ...others] = contributions;
  const total = strongest + OTHERS_FACTOR * others.reduce((sum, c) => sum + c, 0);
  return Math.min(100, Math.round(total));
}

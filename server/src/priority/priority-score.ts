import { type Severity } from '@plantao/shared';

// Weights and limits of `priorityScore` below (README "Priority score").
export const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 80, high: 55, medium: 30, low: 10 };
export const HALF_LIFE_HOURS = 12;
export const WORSENING_BONUS = 10;
export const UNANSWERED_PER_HOUR = 5;
export const UNANSWERED_MAX = 15;
export const ASSUMED_FACTOR = 0.85;
const OTHERS_FACTOR = 0.3;
const HOUR = 3_600_000;

export interface OpenAlert {
  severity: Severity;
  raisedAt: number;
  worsening?: boolean;
}

export interface PriorityInputs {
  openAlerts: OpenAlert[];
  /** Epoch ms since a patient message has waited for an answer. */
  unansweredSince?: number;
  /** A nurse has assumed the patient's conversation. */
  assumed?: boolean;
}

/**
 * Patient priority, 0–100 (README "Priority score"):
 * - each open (unacknowledged) alert contributes its severity weight, halved
 *   every HALF_LIFE_HOURS so an old, unattended medium alert does not outrank
 *   a new critical one; a worsening alert weighs WORSENING_BONUS more;
 * - the strongest alert counts fully, the others add OTHERS_FACTOR each;
 * - a patient message nobody has answered adds UNANSWERED_PER_HOUR per hour
 *   waited, up to UNANSWERED_MAX;
 * - nurse actions lower it: acknowledging removes an alert, and a
 *   conversation a nurse has assumed scales the total by ASSUMED_FACTOR.
 * Categories (shared `priorityCategory`): ≥75 critical, ≥50 high, ≥25 medium, else low.
 */
export function priorityScore(inputs: PriorityInputs, now: number): number {
  const contributions = inputs.openAlerts
    .map(
      (a) =>
        (SEVERITY_WEIGHT[a.severity] + (a.worsening ? WORSENING_BONUS : 0)) *
        0.5 ** (Math.max(0, now - a.raisedAt) / HOUR / HALF_LIFE_HOURS),
    )
    .sort((x, y) => y - x);
  const [strongest = 0, ...others] = contributions;
  const waiting =
    inputs.unansweredSince === undefined
      ? 0
      : Math.min(UNANSWERED_MAX, (UNANSWERED_PER_HOUR * Math.max(0, now - inputs.unansweredSince)) / HOUR);
  const total = (strongest + OTHERS_FACTOR * others.reduce((sum, c) => sum + c, 0) + waiting) * (inputs.assumed ? ASSUMED_FACTOR : 1);
  return Math.min(100, Math.round(total));
}

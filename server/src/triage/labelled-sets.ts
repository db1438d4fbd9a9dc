/**
 * The labelled message sets in fixtures/ and the figures the triage is judged
 * on. Shared by the figures test (npm test prints them), the figures CLI
 * (`npx tsx server/src/triage/figures-cli.ts`) and the model's training, so
 * every place counts the same way.
 *
 * The judged criteria (issue #10): critical recall >= 0.95 (a critical
 * message is caught when it rings: critical or high), high messages raised to
 * high or critical >= 0.9, false alarms on `none` (critical or high) <= 10 %.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SEVERITIES, type Severity } from './rules-schema';

export interface Labelled {
  text: string;
  severity: Severity;
  symptom: string;
}

/** Where the labelled sets live (a folder of the source tree, not of dist). */
export const FIXTURES_DIR = path.resolve(__dirname, 'fixtures');

/**
 * The sets the model learns from: dev, regression, and each blind set once it
 * has been measured blind and tuned on (its before-tuning figures are in
 * fixtures/BLIND-FIGURES.md). The held-out set and blind sets not yet tuned on
 * are only ever measured.
 */
export const TRAINING_SETS = [
  'dev',
  'regression',
  'blind-2026-12-01-a',
  'blind-2026-12-01-b',
  'blind-2026-12-01-c',
  'blind-2026-12-01-d',
  'blind-2026-12-01-e',
  'blind-2026-12-01-f',
  'blind-2026-12-01-g',
  'blind-2026-12-01-h',
  'blind-2026-12-01-i',
  'blind-2026-12-01-j',
  'blind-2026-12-01-k',
  'blind-2026-12-01-l',
  'blind-2026-12-01-m',
] as const;

/** Read one JSON-lines set; a line that is not a labelled message is an error naming the line. */
export function readLabelled(file: string): Labelled[] {
  if (!existsSync(file)) throw new Error(`labelled triage set not found: ${file}`);
  const rows: Labelled[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim().length === 0) return;
      const row = JSON.parse(line) as Partial<Labelled>;
      if (typeof row.text !== 'string' || !SEVERITIES.includes(row.severity as Severity)) {
        throw new Error(`${path.basename(file)}:${i + 1} is not {text, severity, symptom}`);
      }
      rows.push({ text: row.text, severity: row.severity as Severity, symptom: typeof row.symptom === 'string' ? row.symptom : '' });
    });
  return rows;
}

/** Every labelled set in fixtures/ by name (file name without .jsonl): dev, heldout, regression, blind-*. */
export function labelledSets(dir: string = FIXTURES_DIR): Map<string, string> {
  const sets = new Map<string, string>();
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith('.jsonl')) sets.set(file.slice(0, -'.jsonl'.length), path.join(dir, file));
  }
  return sets;
}

export interface Figures {
  n: number;
  accuracy: number;
  /** Critical messages that ring (predicted critical or high). */
  criticalRecall: number;
  /** Critical messages predicted critical. */
  criticalStrict: number;
  /** High messages predicted high or critical. */
  highRaised: number;
  /** `none` messages predicted critical or high. */
  falseAlarmRate: number;
  critical: number;
  caught: number;
  caughtStrict: number;
  high: number;
  raised: number;
  none: number;
  falseAlarms: number;
  /** One line per disagreement, labelled severity first. */
  misses: string[];
}

const ringing = (s: Severity): boolean => s === 'critical' || s === 'high';

/** Figures of a triage function on labelled rows. */
export function measure(rows: readonly Labelled[], triage: (text: string) => Severity): Figures {
  const f: Figures = {
    n: rows.length,
    accuracy: 0,
    criticalRecall: 1,
    criticalStrict: 1,
    highRaised: 1,
    falseAlarmRate: 0,
    critical: 0,
    caught: 0,
    caughtStrict: 0,
    high: 0,
    raised: 0,
    none: 0,
    falseAlarms: 0,
    misses: [],
  };
  let correct = 0;
  for (const row of rows) {
    const got = triage(row.text);
    if (got === row.severity) correct++;
    else f.misses.push(`  expected ${row.severity} (${row.symptom || '-'}), got ${got}: ${row.text}`);
    if (row.severity === 'critical') {
      f.critical++;
      if (ringing(got)) f.caught++;
      if (got === 'critical') f.caughtStrict++;
    } else if (row.severity === 'high') {
      f.high++;
      if (ringing(got)) f.raised++;
    } else if (row.severity === 'none') {
      f.none++;
      if (ringing(got)) f.falseAlarms++;
    }
  }
  f.accuracy = rows.length === 0 ? 0 : correct / rows.length;
  if (f.critical > 0) {
    f.criticalRecall = f.caught / f.critical;
    f.criticalStrict = f.caughtStrict / f.critical;
  }
  if (f.high > 0) f.highRaised = f.raised / f.high;
  if (f.none > 0) f.falseAlarmRate = f.falseAlarms / f.none;
  return f;
}

/** One line of figures, as `npm test` and the CLI print them. */
export function formatFigures(name: string, f: Figures): string {
  return (
    `[triage ${name}] n=${f.n} accuracy=${f.accuracy.toFixed(3)} ` +
    `criticalRecall=${f.criticalRecall.toFixed(3)} (${f.caught}/${f.critical}, strict ${f.caughtStrict}) ` +
    `highRaised=${f.highRaised.toFixed(3)} (${f.raised}/${f.high}) ` +
    `falseAlarmRate=${f.falseAlarmRate.toFixed(3)} (${f.falseAlarms}/${f.none})`
  );
}

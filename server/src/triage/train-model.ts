/**
 * Training of the learned second opinion (stage 4), reproducible: the same
 * labelled messages, rules and configuration give the same model file.
 * `npm run train:triage` (train-cli.ts) runs it on the TRAINING_SETS
 * (labelled-sets.ts: dev, regression, and the blind sets already measured and
 * tuned on) and writes model/pt-BR.json. The held-out set and new blind sets
 * are never trained on: they are how the pipeline is judged.
 *
 * The file also records out-of-fold figures (k-fold cross-validation on the
 * training messages) of the model alone, so the thresholds it carries can be
 * checked against what the model does on messages it has not seen.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { analyse } from './analysis';
import { compileRules } from './compile-rules';
import { FIXTURES_DIR, readLabelled, TRAINING_SETS, type Labelled } from './labelled-sets';
import { trainSoftmax, predictProba, type Example, type TrainOptions } from './logistic-regression';
import { hashFeatures, type FeatureOptions } from './model-features';
import { capText } from './normalize';
import { loadRules, type Severity, type TriageRules } from './rules-schema';
import ptBR from './rules/pt-BR.json';
import { MODEL_FORMAT, type TriageModelFile } from './triage-model';

export interface TrainingConfig {
  features: FeatureOptions;
  training: TrainOptions;
  thresholds: TriageModelFile['thresholds'];
  /** Folds of the cross-validation recorded in the file. */
  folds: number;
}

export const CLASSES: readonly Severity[] = ['none', 'medium', 'high', 'critical'];

export const DEFAULT_TRAINING: TrainingConfig = {
  features: { bits: 12, minGram: 3, maxGram: 5 },
  training: { seed: 20261201, epochs: 20, learningRate: 1, l2: 1e-5 },
  // alone: a message the rules recognised nothing in (chosen on blind sets d-f, see BLIND-FIGURES.md).
  thresholds: { critical: 0.9, alarm: 0.9, alone: 0.8 },
  folds: 5,
};

/** The pipeline's reading of each message, hashed: what the model learns from. */
export function buildExamples(rows: readonly Labelled[], rules: TriageRules, features: FeatureOptions): Example[] {
  const compiled = compileRules(rules);
  return rows.map((row) => {
    const a = analyse(capText(row.text, compiled.maxChars).text, compiled);
    return { x: hashFeatures(a, features), y: CLASSES.indexOf(row.severity) };
  });
}

/** sha256 of the training messages (text and label, in order). */
export function trainingDigest(rows: readonly Labelled[]): string {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(JSON.stringify([row.text, row.severity])).update('\n');
  return hash.digest('hex');
}

/** Out-of-fold probabilities: message i is predicted by a model trained without its fold (i mod folds). */
export function outOfFold(examples: readonly Example[], config: TrainingConfig): number[][] {
  const dims = 2 ** config.features.bits;
  const out: number[][] = new Array<number[]>(examples.length);
  for (let fold = 0; fold < config.folds; fold++) {
    const train = examples.filter((_, i) => i % config.folds !== fold);
    const model = trainSoftmax(train, CLASSES.length, dims, config.training);
    examples.forEach((ex, i) => {
      if (i % config.folds === fold) out[i] = predictProba(model, ex.x);
    });
  }
  return out;
}

const CRITICAL = CLASSES.indexOf('critical');
const HIGH = CLASSES.indexOf('high');

/** Figures of the model alone at the thresholds, from out-of-fold probabilities. */
export function crossValidationFigures(
  examples: readonly Example[],
  oof: readonly number[][],
  config: TrainingConfig,
): Record<string, number> {
  let correct = 0;
  let critical = 0;
  let criticalFlagged = 0;
  let none = 0;
  let noneFlagged = 0;
  let noneAlarm = 0;
  examples.forEach((ex, i) => {
    const p = oof[i] ?? [];
    const best = p.indexOf(Math.max(...p));
    if (best === ex.y) correct++;
    const pc = p[CRITICAL] ?? 0;
    const alarm = pc + (p[HIGH] ?? 0) >= config.thresholds.alarm;
    if (ex.y === CRITICAL) {
      critical++;
      if (pc >= config.thresholds.critical) criticalFlagged++;
    }
    if (CLASSES[ex.y] === 'none') {
      none++;
      if (pc >= config.thresholds.critical) noneFlagged++;
      if (alarm) noneAlarm++;
    }
  });
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  return {
    folds: config.folds,
    accuracy: round(correct / Math.max(1, examples.length)),
    criticalRecallAtThreshold: round(criticalFlagged / Math.max(1, critical)),
    noneCalledCriticalAtThreshold: round(noneFlagged / Math.max(1, none)),
    noneAlarmAtThreshold: round(noneAlarm / Math.max(1, none)),
  };
}

/** Quantise weights to 16-bit integers: as many units per 1.0 as fit the largest weight, at most 4096. */
function quantise(values: ArrayLike<number>, bias: ArrayLike<number>): { scale: number; weights: string; bias: number[] } {
  let max = 0;
  for (let k = 0; k < values.length; k++) max = Math.max(max, Math.abs(values[k] ?? 0));
  for (let k = 0; k < bias.length; k++) max = Math.max(max, Math.abs(bias[k] ?? 0));
  const scale = Math.min(4096, Math.floor(32767 / Math.max(max, 1e-9)));
  const buf = Buffer.alloc(values.length * 2);
  for (let k = 0; k < values.length; k++) buf.writeInt16LE(Math.round((values[k] ?? 0) * scale), k * 2);
  return { scale, weights: buf.toString('base64'), bias: Array.from(bias, (b) => Math.round(b * scale)) };
}

export interface TrainingSet {
  name: string;
  rows: readonly Labelled[];
}

/** Train on the given sets and return the model file (deterministic). */
export function trainModelFile(
  sets: readonly TrainingSet[],
  rules: TriageRules,
  config: TrainingConfig = DEFAULT_TRAINING,
): TriageModelFile {
  const rows = sets.flatMap((s) => s.rows);
  const examples = buildExamples(rows, rules, config.features);
  const oof = outOfFold(examples, config);
  const model = trainSoftmax(examples, CLASSES.length, 2 ** config.features.bits, config.training);
  const q = quantise(model.weights, model.bias);
  const digest = createHash('sha256').update(q.weights).update(JSON.stringify(q.bias)).digest('hex');
  return {
    format: MODEL_FORMAT,
    version: `${rules.version}+${digest.slice(0, 8)}`,
    locale: rules.locale,
    description:
      'Learned second opinion of the triage pipeline (stage 4): softmax logistic regression over hashed character n-grams and words, each tagged with its who-and-when scope. Generated by `npm run train:triage`; do not edit.',
    trainedOn: { sets: sets.map((s) => s.name), messages: rows.length, sha256: trainingDigest(rows), rulesVersion: rules.version },
    features: config.features,
    training: config.training,
    classes: [...CLASSES],
    thresholds: config.thresholds,
    crossValidation: crossValidationFigures(examples, oof, config),
    scale: q.scale,
    bias: q.bias,
    weights: q.weights,
  };
}

/** Where the versioned model lives (source tree). */
export const MODEL_FILE = path.resolve(__dirname, 'model', 'pt-BR.json');

/** The model file's text exactly as `npm run train:triage` writes it: the built-in rules, the training sets, the default configuration. */
export function trainedModelText(): string {
  const rules = loadRules(ptBR);
  const sets = TRAINING_SETS.map((name) => ({ name, rows: readLabelled(path.join(FIXTURES_DIR, `${name}.jsonl`)) }));
  return `${JSON.stringify(trainModelFile(sets, rules, DEFAULT_TRAINING), null, 2)}\n`;
}

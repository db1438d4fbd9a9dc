/**
 * The learned second opinion (stage 4): a softmax logistic regression over
 * hashed character n-grams and words of the pipeline's reading of a message
 * (model-features.ts), trained in the repo on the labelled development and
 * regression sets (`npm run train:triage`, train-model.ts), versioned as
 * model/pt-BR.json.
 *
 * The file stores the weights quantised to 16-bit integers (`scale` units per
 * 1.0), base64-encoded, little-endian, bucket-major: weight of bucket i for
 * class c is at i * classes + c. Validated with zod at load, like the rules.
 */
import { z } from 'zod';
import type { Analysis } from './analysis';
import { predictProba, type SoftmaxModel } from './logistic-regression';
import { featureStrings, fnv1a, hashFeatures, type FeatureOptions } from './model-features';
import { SEVERITIES, type Severity } from './rules-schema';

export const MODEL_FORMAT = 'plantao-triage-model/1';

export const modelFileSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  /** "<rules version>+<sha256 of the weights, 8 hex>": what produced it, for the audit trail. */
  version: z.string().min(1),
  locale: z.string().min(2),
  description: z.string().min(1),
  trainedOn: z.strictObject({
    sets: z.array(z.string().min(1)).min(1),
    messages: z.number().int().min(1),
    /** sha256 of the training messages (text and label, in order). */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    rulesVersion: z.string().min(1),
  }),
  features: z.strictObject({ bits: z.number().int().min(8).max(20), minGram: z.number().int().min(1), maxGram: z.number().int().min(1) }),
  training: z.strictObject({
    seed: z.number().int(),
    epochs: z.number().int().min(1),
    learningRate: z.number().positive(),
    l2: z.number().min(0),
  }),
  classes: z.array(z.enum(SEVERITIES)).min(2),
  /** Recall-first combination: the model raises a message when it is at least this confident. */
  thresholds: z.strictObject({
    /** P(critical) at or above which the message is critical. */
    critical: z.number().min(0.5).max(1),
    /** P(critical) + P(high) at or above which a symptom the rules found is at least high. */
    alarm: z.number().min(0.5).max(1),
    /** P(critical) + P(high) at or above which a message the rules recognised nothing in is high (default: `alarm`). */
    alone: z.number().min(0.5).max(1).optional(),
  }),
  /** Out-of-fold figures of the model alone on its training sets, for the record (train-model.ts). */
  crossValidation: z.record(z.string(), z.number()),
  scale: z.number().positive(),
  bias: z.array(z.number().int()),
  weights: z.string(),
});
export type TriageModelFile = z.output<typeof modelFileSchema>;

export interface TriageModel {
  version: string;
  file: TriageModelFile;
  features: FeatureOptions;
  softmax: SoftmaxModel;
}

export interface ModelOpinion {
  version: string;
  /** Probability of each severity. */
  probabilities: Record<Severity, number>;
  /** P(critical) >= thresholds.critical. */
  critical: boolean;
  /** P(critical) + P(high) >= thresholds.alarm. */
  alarm: boolean;
  /** P(critical) + P(high) >= thresholds.alone (for a message the rules recognised nothing in). */
  alone: boolean;
}

export class TriageModelError extends Error {
  override name = 'TriageModelError';
}

/** Decode and validate a model file (already parsed from JSON). */
export function loadModel(input: unknown): TriageModel {
  const parsed = modelFileSchema.safeParse(input);
  if (!parsed.success) throw new TriageModelError(`triage model is invalid:\n${z.prettifyError(parsed.error)}`);
  const file = parsed.data;
  const classes = file.classes.length;
  const dims = 2 ** file.features.bits;
  const bytes = Buffer.from(file.weights, 'base64');
  if (bytes.length !== dims * classes * 2 || file.bias.length !== classes) {
    throw new TriageModelError(`triage model is invalid: expected ${dims * classes} weights and ${classes} biases`);
  }
  const weights = new Float64Array(dims * classes);
  for (let k = 0; k < weights.length; k++) weights[k] = bytes.readInt16LE(k * 2) / file.scale;
  const bias = Float64Array.from(file.bias, (b) => b / file.scale);
  return { version: file.version, file, features: file.features, softmax: { classes, dims, weights, bias } };
}

/** The model's opinion of an analysed message. */
export function modelOpinion(model: TriageModel, a: Analysis): ModelOpinion {
  const p = predictProba(model.softmax, hashFeatures(a, model.features));
  const probabilities: Record<Severity, number> = { none: 0, medium: 0, high: 0, critical: 0 };
  model.file.classes.forEach((c, i) => (probabilities[c] = p[i] ?? 0));
  return {
    version: model.version,
    probabilities,
    critical: probabilities.critical >= model.file.thresholds.critical,
    alarm: probabilities.critical + probabilities.high >= model.file.thresholds.alarm,
    alone: probabilities.critical + probabilities.high >= (model.file.thresholds.alone ?? model.file.thresholds.alarm),
  };
}

/**
 * Why the model thinks a message is `severity`: the tokens whose features push
 * hardest towards it (index into a.tokens, strongest first). The nurse sees
 * these words as the evidence of a model decision.
 */
export function strongestTokens(model: TriageModel, a: Analysis, severity: Severity, count = 3): number[] {
  const c = model.file.classes.indexOf(severity);
  if (c < 0) return [];
  const { classes, weights } = model.softmax;
  const mask = (1 << model.features.bits) - 1;
  const scored: { i: number; score: number }[] = [];
  for (let i = 0; i < a.tokens.length; i++) {
    const tok = a.tokens[i];
    if (!tok || tok.kind !== 'word') continue;
    // The features of this token alone, in its context.
    const single: Analysis = { ...a, tokens: [tok], subject: a.subject.subarray(i, i + 1), ctx: sliceContext(a, i) };
    let score = 0;
    for (const f of featureStrings(single, model.features)) {
      const row = (fnv1a(f) & mask) * classes;
      let mean = 0;
      for (let k = 0; k < classes; k++) mean += weights[row + k] ?? 0;
      score += (weights[row + c] ?? 0) - mean / classes;
    }
    scored.push({ i, score });
  }
  return scored
    .filter((s) => s.score > 0)
    .sort((x, y) => y.score - x.score || x.i - y.i)
    .slice(0, count)
    .map((s) => s.i);
}

function sliceContext(a: Analysis, i: number): Analysis['ctx'] {
  return {
    ...a.ctx,
    negated: a.ctx.negated.subarray(i, i + 1),
    hypothetical: a.ctx.hypothetical.subarray(i, i + 1),
    historical: a.ctx.historical.subarray(i, i + 1),
  };
}

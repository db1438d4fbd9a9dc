/**
 * Multinomial (softmax) logistic regression over hashed sparse features,
 * trained by seeded stochastic gradient descent: the same data, options and
 * seed give the same weights, bit for bit, on the same platform.
 *
 * Written here rather than taken from a package, after looking at the
 * candidates: `ml-logistic-regression` (mljs) trains one-vs-all on a dense
 * `ml-matrix` (16,384 hashed columns x ~3,500 messages is ~460 MB of doubles,
 * and no seed), `natural`'s LogisticRegressionClassifier works on word
 * features with no character n-grams and no sparse input, and
 * `@tensorflow/tfjs` would add a multi-megabyte runtime to the server for one
 * dot product per message. The model needs sparse input, three classes and
 * training that a seed reproduces; that is ~100 lines, tested in
 * logistic-regression.test.ts.
 */
import type { HashedFeatures } from './model-features';

export interface SoftmaxModel {
  classes: number;
  /** Number of feature buckets. */
  dims: number;
  /** dims x classes, row-major: weight of bucket i for class c at i * classes + c. */
  weights: Float64Array;
  bias: Float64Array;
}

export interface TrainOptions {
  epochs: number;
  /** Step size of the first epoch; it decays as 1 / (1 + epoch). */
  learningRate: number;
  /** L2 penalty, applied to the weights an example touches. */
  l2: number;
  seed: number;
}

export interface Example {
  x: HashedFeatures;
  /** Class index. */
  y: number;
}

/** mulberry32: a small, fast, seedable PRNG (the shuffle order of training). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Class probabilities of one example. */
export function predictProba(model: SoftmaxModel, x: HashedFeatures): number[] {
  const { classes, weights } = model;
  const z = Array.from(model.bias);
  for (const i of x.indexes) {
    const row = i * classes;
    for (let c = 0; c < classes; c++) z[c] = (z[c] ?? 0) + x.value * (weights[row + c] ?? 0);
  }
  return softmax(z);
}

export function softmax(z: readonly number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

/** Train from scratch. */
export function trainSoftmax(examples: readonly Example[], classes: number, dims: number, options: TrainOptions): SoftmaxModel {
  const model: SoftmaxModel = { classes, dims, weights: new Float64Array(dims * classes), bias: new Float64Array(classes) };
  const random = mulberry32(options.seed);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    // Fisher-Yates with the seeded generator: a reproducible order per epoch.
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i] ?? 0;
      order[i] = order[j] ?? 0;
      order[j] = t;
    }
    const lr = options.learningRate / (1 + epoch);
    for (const k of order) {
      const ex = examples[k];
      if (!ex) continue;
      const p = predictProba(model, ex.x);
      for (let c = 0; c < classes; c++) {
        const g = (p[c] ?? 0) - (c === ex.y ? 1 : 0);
        model.bias[c] = (model.bias[c] ?? 0) - lr * g;
        for (const i of ex.x.indexes) {
          const at = i * classes + c;
          const w = model.weights[at] ?? 0;
          model.weights[at] = w - lr * (g * ex.x.value + options.l2 * w);
        }
      }
    }
  }
  return model;
}

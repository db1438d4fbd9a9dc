import { describe, expect, it } from 'vitest';
import { mulberry32, predictProba, softmax, trainSoftmax, type Example } from './logistic-regression';

const x = (...indexes: number[]): Example['x'] => ({ indexes: Uint32Array.from(indexes), value: 1 / Math.sqrt(indexes.length) });

/** Three classes, each marked by its own buckets, with a shared noisy bucket 9. */
const examples: Example[] = [];
for (let k = 0; k < 30; k++) {
  examples.push({ x: x(0, 1, 9), y: 0 }, { x: x(2, 3, 9), y: 1 }, { x: x(4, 5), y: 2 }, { x: x(0, 5), y: k % 2 === 0 ? 0 : 2 });
}
const options = { epochs: 15, learningRate: 0.5, l2: 1e-4, seed: 7 };

describe('softmax logistic regression', () => {
  it('learns a separable problem', () => {
    const model = trainSoftmax(examples, 3, 16, options);
    const best = (p: number[]): number => p.indexOf(Math.max(...p));
    expect(best(predictProba(model, x(0, 1, 9)))).toBe(0);
    expect(best(predictProba(model, x(2, 3, 9)))).toBe(1);
    expect(best(predictProba(model, x(4, 5)))).toBe(2);
    expect(predictProba(model, x(2, 3))[1]).toBeGreaterThan(0.8);
  });

  it('gives probabilities that sum to 1, and the prior for an empty message', () => {
    const model = trainSoftmax(examples, 3, 16, options);
    const p = predictProba(model, { indexes: new Uint32Array(), value: 0 });
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(softmax([1000, 1000])).toEqual([0.5, 0.5]); // no overflow
  });

  it('is reproducible: the same data, options and seed give the same weights', () => {
    const a = trainSoftmax(examples, 3, 16, options);
    const b = trainSoftmax(examples, 3, 16, options);
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(Array.from(a.bias)).toEqual(Array.from(b.bias));
    const c = trainSoftmax(examples, 3, 16, { ...options, seed: 8 });
    expect(Array.from(c.weights)).not.toEqual(Array.from(a.weights));
  });

  it('mulberry32 is a seeded stream in [0, 1)', () => {
    const r1 = mulberry32(42);
    const r2 = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => r1());
    expect(values).toEqual(Array.from({ length: 1000 }, () => r2()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBe(1000);
  });
});

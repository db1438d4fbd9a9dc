/** Stage 4: the learned second opinion, its combination with the rules, and its reproducible training. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse } from './analysis';
import { compileRules } from './compile-rules';
import { defaultModel, defaultRules, severityRank, triageMessage } from './index';
import { featureStrings } from './model-features';
import { loadModel, modelOpinion, TriageModelError, type TriageModel } from './triage-model';
import { TRAINING_SETS } from './labelled-sets';
import { MODEL_FILE, trainedModelText } from './train-model';
import modelJson from './model/pt-BR.json';

const compiled = compileRules(defaultRules);
const analysed = (text: string) => analyse(text, compiled);

/** A copy of the built-in model whose thresholds are set to `t` (0.5: eager, 1: never). */
function withThresholds(critical: number, alarm: number, alone = alarm): TriageModel {
  return loadModel({ ...modelJson, thresholds: { critical, alarm, alone } });
}

describe('model features', () => {
  it('tag each word with its who-and-when scope', () => {
    const features = (text: string) => featureStrings(analysed(text), defaultModel.features);
    expect(features('febre')).toContain('w||febre');
    expect(features('sem febre')).toContain('w|n|febre');
    expect(features('se eu tiver febre')).toContain('w|h|febre');
    expect(features('meu vizinho ta com febre')).toContain('w|o|febre');
    expect(features('febri')).toEqual(expect.arrayContaining(['c||^feb', 'c||ebri$']));
  });
});

describe('loadModel', () => {
  it('loads the built-in model, trained with the current rules', () => {
    expect(defaultModel.version).toMatch(new RegExp(`^${defaultRules.version.replace(/\./g, '\\.')}\\+[0-9a-f]{8}$`));
    expect(defaultModel.file.trainedOn.sets).toEqual(TRAINING_SETS);
    expect(defaultModel.file.trainedOn.rulesVersion).toBe(defaultRules.version);
  });

  it('rejects a broken file with a clear error', () => {
    expect(() => loadModel({ ...modelJson, format: 'other' })).toThrow(TriageModelError);
    expect(() => loadModel({ ...modelJson, weights: 'AAAA' })).toThrow(/expected 16384 weights/);
    expect(() => loadModel({ ...modelJson, thresholds: { critical: 0.2, alarm: 0.9 } })).toThrow(/thresholds/);
  });

  it('gives probabilities for every severity', () => {
    const o = modelOpinion(defaultModel, analysed('to com febre alta e falta de ar'));
    const sum = o.probabilities.none + o.probabilities.medium + o.probabilities.high + o.probabilities.critical;
    expect(sum).toBeCloseTo(1, 9);
    expect(o.probabilities.critical).toBeGreaterThan(0.9);
  });
});

describe('rules + model, recall-first', () => {
  it('reports the model and its version on every result', () => {
    const r = triageMessage('bom dia, tudo certo');
    expect(r.modelVersion).toBe(defaultModel.version);
    expect(r.model?.critical).toBeLessThan(0.5);
    expect(r).toMatchObject({ severity: 'none', decidedBy: 'rules', reason: 'no rule matched' });
  });

  it('the model raises a symptom the rules found, and says it decided and why', () => {
    const eager = withThresholds(0.5, 0.5);
    const text = 'vomitando, ja nao sei mais o que fazer, ta muito ruim';
    const rulesAlone = triageMessage(text, defaultRules, { model: null });
    const r = triageMessage(text, defaultRules, { model: eager });
    expect(severityRank(r.severity)).toBeGreaterThan(severityRank(rulesAlone.severity));
    expect(r.decidedBy).toBe('model');
    expect(r.symptom).toBe(rulesAlone.symptom);
    expect(r.reason).toMatch(/^model .*: P\(critical( or high)?\) = 0\.\d\d, above its threshold; the rules said medium/);
    expect(text).toContain(r.evidence.split(' … ')[0]);
  });

  it('the model never lowers the rules; alone, it raises to high at most', () => {
    const never = withThresholds(1, 1);
    expect(triageMessage('to com febre de 39', defaultRules, { model: never })).toMatchObject({ severity: 'critical', decidedBy: 'rules' });
    // Nothing the rules recognise: a confident model asks a nurse to read it (high), never critical.
    const always = withThresholds(0.5, 1, 0.5);
    const alone = triageMessage('ta muito ruim, nao sei o que fazer', defaultRules, { model: always });
    expect(alone).toMatchObject({ severity: 'high', decidedBy: 'model', symptom: 'unspecified' });
    expect(alone.reason).toContain('they recognised nothing');
    // A vital sign the rules read as normal is not overruled.
    expect(triageMessage('o termometro ta marcando 36,4, ta certo?', defaultRules, { model: always }).severity).toBe('none');
    const eager = withThresholds(0.5, 0.5);
    // A mention the rules set aside (denied, someone else's) is not revived.
    expect(triageMessage('Febre? Nao.', defaultRules, { model: eager }).severity).toBe('none');
    expect(triageMessage('meu vizinho esta com febre alta', defaultRules, { model: eager }).severity).toBe('none');
  });

  it('`model: null` runs the rules alone', () => {
    const r = triageMessage('vomitei', defaultRules, { model: null });
    expect(r.modelVersion).toBeUndefined();
    expect(r.model).toBeUndefined();
    expect(r).toMatchObject({ severity: 'medium', decidedBy: 'rules' });
  });
});

describe('training is reproducible from the repo', () => {
  it('retraining on the training sets with the fixed seed gives the versioned model file, byte for byte', () => {
    // If this fails after a change to the rules or the training sets: run `npm run train:triage` and commit the file.
    expect(trainedModelText()).toBe(readFileSync(MODEL_FILE, 'utf8'));
  });
});

/**
 * The engine must never throw or hang, whatever a patient (or a broken
 * client) sends: random unicode, lone surrogates, emoji, control characters,
 * huge messages, and adversarial repetitions of trigger words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRules, SEVERITIES, severityRank, triageMessage, type TriageResult } from './index';

function expectValid(result: TriageResult, text: string): void {
  expect(SEVERITIES).toContain(result.severity);
  expect(result.error).toBeUndefined();
  expect(typeof result.rulesVersion).toBe('string');
  expect(typeof result.symptom).toBe('string');
  expect(typeof result.evidence).toBe('string');
  if (result.severity === 'none') {
    expect(result.symptom).toBe('');
    expect(result.evidence).toBe('');
  } else {
    expect(result.symptom.length).toBeGreaterThan(0);
    // Every alarm names its rule, except the model's own on a message the rules recognised nothing in.
    if (result.decidedBy !== 'model' || result.findings.length > 0) expect(result.ruleId).toBeDefined();
    else expect(result.reason).toMatch(/recognised nothing/);
  }
  expect(['rules', 'model', 'safety']).toContain(result.decidedBy);
  expect(typeof result.reason).toBe('string');
  for (const f of result.findings) {
    expect(f.start).toBeGreaterThanOrEqual(0);
    expect(f.end).toBeLessThanOrEqual(text.length);
    expect(f.start).toBeLessThanOrEqual(f.end);
  }
}

/** Words that drive the rules, so random messages exercise real code paths. */
const vocabulary = [
  'febre',
  'febri',
  'nao',
  'sem',
  'nem',
  'mas',
  'dor',
  'peito',
  'falta de ar',
  'vomitei',
  'diarreia',
  'sangue',
  'sangrando',
  'xixi',
  '38,5',
  '37.6',
  '39',
  'graus',
  'vezes',
  '7x',
  'tres',
  'trinta e oito e meio',
  'virgula',
  'i',
  'pressao',
  '12 por 8',
  'x',
  'glicemia',
  'batimentos',
  'saturacao',
  'vizinha',
  'cachorro',
  'tipo',
  'kkk',
  'encaminhado',
  'nao e paciente',
  'visitar',
  'quero morrer',
  'morrer de rir',
  'acima de',
  'com vulsao',
  'dia reia',
  'fe bre',
  'rispira',
  '🥵',
  '🤮',
  '😵‍💫',
  'passou',
  'ja melhorou',
  'se',
  'pode dar',
  'nenhum',
  ',',
  '.',
  '?',
  '!',
  '\n',
  '🤒',
  '😷',
  'de 10',
  'e',
  'com',
  'to',
  'ta',
];

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const emoji = fc.constantFrom('🤒', '😷', '🩸', '🤮', '💩', '❤️', '👍🏽', '👨‍👩‍👧', '🇧🇷', '\u200d', '\ufe0f', '🙏');

describe('triageMessage never throws and always returns a valid result', () => {
  it('random strings of any unicode code point', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expectValid(triageMessage(text), text);
      }),
      { numRuns: 300 },
    );
  });

  it('random UTF-16 code units, including lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: codeUnit, maxLength: 400 }), (text) => {
        expectValid(triageMessage(text), text);
      }),
      { numRuns: 300 },
    );
  });

  it('graphemes and emoji sequences', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), emoji), maxLength: 300 }),
        (text) => {
          expectValid(triageMessage(text), text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random sentences of trigger words, punctuation and numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 60 }), (words) => {
        const text = words.join(' ');
        expectValid(triageMessage(text), text);
      }),
      { numRuns: 500 },
    );
  });

  it('huge strings (100k characters) in bounded time', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), fc.constantFrom(...vocabulary), (chunk, word) => {
        const text = (chunk + ' ' + word + ' ').repeat(Math.ceil(100_000 / (chunk.length + word.length + 2))).slice(0, 100_000);
        const started = performance.now();
        const result = triageMessage(text);
        expectValid(result, text);
        expect(result.truncated).toBe(true);
        expect(performance.now() - started).toBeLessThan(2_000);
      }),
      { numRuns: 25 },
    );
  });

  it('adversarial repetitions finish quickly', () => {
    const inputs = [
      'dor '.repeat(30_000),
      'nao '.repeat(30_000),
      'sem febre, '.repeat(10_000),
      '38,5 '.repeat(25_000),
      'trinta e '.repeat(15_000),
      '9'.repeat(100_000),
      'a\u0301\u0302'.repeat(40_000),
      '🤒'.repeat(50_000),
      '\n'.repeat(100_000),
      'febre mas nao nem sem passou '.repeat(4_000),
    ];
    for (const text of inputs) {
      const started = performance.now();
      expectValid(triageMessage(text), text);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });

  it('the learned model never lowers what the rules found (recall-first)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 30 }), (words) => {
        const text = words.join(' ');
        const combined = triageMessage(text);
        const rulesAlone = triageMessage(text, defaultRules, { model: null });
        expect(severityRank(combined.severity)).toBeGreaterThanOrEqual(severityRank(rulesAlone.severity));
        if (combined.severity !== rulesAlone.severity) expect(combined.decidedBy).toBe('model');
      }),
      { numRuns: 300 },
    );
  });

  it('non-string input from untyped callers', () => {
    for (const bad of [undefined, null, 42, {}, []]) {
      const result = triageMessage(bad as unknown as string);
      expect(SEVERITIES).toContain(result.severity);
      expect(result.error).toBeUndefined();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { compilePattern, PatternSyntaxError } from './pattern';
import { defaultRules, extendRules, loadRules, triageMessage, TriageRulesError, type TriageRules } from './index';
import ptBR from './rules/pt-BR.json';

/** A deep copy of the base rules file, to break on purpose. */
const rawBase = (): Record<string, unknown> => JSON.parse(JSON.stringify(ptBR)) as Record<string, unknown>;

const hiccupsExtension = {
  name: 'clinica-x',
  version: '2',
  locale: 'pt-BR',
  description: 'Clinica X follows persistent hiccups after cisplatin.',
  synonyms: [{ canonical: 'soluco', variants: ['soluço', 'soluços', 'soluçando', 'solucando'] }],
  rules: [
    {
      id: 'hiccups',
      symptom: 'hiccups',
      severity: 'medium',
      description: 'Hiccups (clinic protocol).',
      patterns: ['soluco'],
      examples: ['to com soluço desde ontem'],
    },
  ],
};

describe('loadRules', () => {
  it('accepts the built-in pt-BR rules', () => {
    const rules = loadRules(ptBR);
    expect(rules.locale).toBe('pt-BR');
    expect(rules.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(rules.rules.length).toBeGreaterThan(20);
  });

  it('every rule documents itself', () => {
    for (const rule of defaultRules.rules) expect(rule.description.length, rule.id).toBeGreaterThan(5);
  });

  it("every rule's examples trigger that rule", () => {
    for (const rule of defaultRules.rules) {
      for (const example of rule.examples ?? []) {
        const fired = triageMessage(example).findings.map((f) => f.ruleId);
        expect(fired, `rule ${rule.id}, example "${example}"`).toContain(rule.id);
      }
    }
  });

  it('rejects a misspelt key with a clear message', () => {
    const broken = rawBase();
    const rules = broken.rules as Record<string, unknown>[];
    rules[0] = { ...rules[0], patern: ['febre'] };
    expect(() => loadRules(broken)).toThrow(TriageRulesError);
    expect(() => loadRules(broken)).toThrow(/patern/);
  });

  it('rejects an invalid pattern and names it', () => {
    const broken = rawBase();
    const rules = broken.rules as Record<string, unknown>[];
    rules[2] = { ...rules[2], patterns: ['dor ~99 peito'] };
    expect(() => loadRules(broken)).toThrow(/invalid pattern "dor ~99 peito": gap "~99"/);
  });

  it('rejects an unknown episode kind', () => {
    const broken = rawBase();
    const rules = broken.rules as Record<string, unknown>[];
    rules[0] = { ...rules[0], episode: 'sometimes' };
    expect(() => loadRules(broken)).toThrow(/episode/);
  });

  it('rejects a history section with a bad pattern', () => {
    const broken = rawBase();
    const history = broken.history as Record<string, unknown>;
    broken.history = { ...history, cues: ['ano ~99 passado'] };
    expect(() => loadRules(broken)).toThrow(/history/);
  });

  it('rejects duplicate rule ids and unknown quantities', () => {
    const broken = rawBase();
    const rules = broken.rules as Record<string, unknown>[];
    rules.push({ ...rules[1] });
    rules.push({ id: 'x', symptom: 'x', severity: 'high', description: 'x', when: [{ quantity: 'weight', min: 1 }] });
    let message = '';
    try {
      loadRules(broken);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/duplicate rule id "fever-word"/);
    expect(message).toMatch(/unknown quantity "weight"/);
  });
});

describe('extendRules', () => {
  it('a valid extension adds a symptom', () => {
    expect(triageMessage('to com soluço desde ontem').severity).toBe('none');
    const extended = extendRules(defaultRules, hiccupsExtension);
    const result = triageMessage('to com soluço desde ontem', extended);
    expect(result).toMatchObject({ severity: 'medium', symptom: 'hiccups', evidence: 'soluço', ruleId: 'hiccups' });
    expect(result.rulesVersion).toBe(`${defaultRules.version}+clinica-x.2`);
    // Base behaviour is kept, and the base object is not modified.
    expect(triageMessage('febre 39', extended).severity).toBe('critical');
    expect(triageMessage('sem soluço', extended).severity).toBe('none');
    expect(defaultRules.rules.some((r) => r.id === 'hiccups')).toBe(false);
  });

  it('an extension can add negation cues and synonyms', () => {
    const extended = extendRules(defaultRules, {
      name: 'gauchos',
      version: '1',
      synonyms: [{ canonical: 'febre', variants: ['febrão do bom'] }],
      negationCues: ['nadica ~1 de'],
    });
    expect(triageMessage('nadica de febre', extended).severity).toBe('none');
    expect(triageMessage('nadica de febre', defaultRules).severity).toBe('critical');
  });

  it.each([
    ['unknown field', { ...hiccupsExtension, rulez: [] }, /rulez/],
    ['missing name', { version: '1', rules: [] }, /name/],
    ['bad severity', { ...hiccupsExtension, rules: [{ ...hiccupsExtension.rules[0], severity: 'urgent' }] }, /severity/],
    [
      'bad pattern',
      { ...hiccupsExtension, rules: [{ ...hiccupsExtension.rules[0], patterns: ['soluço'] }] },
      /invalid pattern "soluço": "soluço" is not a plain lower-case word/,
    ],
    [
      'rule without patterns or numeric condition',
      { ...hiccupsExtension, rules: [{ id: 'empty', symptom: 'x', severity: 'high', description: 'x' }] },
      /needs "patterns" or a numeric "when"/,
    ],
    [
      'redefines a base rule',
      { ...hiccupsExtension, rules: [{ ...hiccupsExtension.rules[0], id: 'fever-word' }] },
      /rule id "fever-word" already exists in the base rules/,
    ],
    [
      'remaps a base word',
      { ...hiccupsExtension, synonyms: [{ canonical: 'nada', variants: ['febri'] }] },
      /variant "febri" already maps to "febre"/,
    ],
    ['other locale', { ...hiccupsExtension, locale: 'es-AR' }, /locale es-AR/],
  ])('rejects an extension with %s, with a clear error', (_name, extension, message) => {
    expect(() => extendRules(defaultRules, extension)).toThrow(TriageRulesError);
    expect(() => extendRules(defaultRules, extension)).toThrow(message);
  });

  it('validation errors carry the zod issues for callers (e.g. an admin API)', () => {
    try {
      extendRules(defaultRules, { name: 'Bad Name', version: '' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TriageRulesError);
      expect((err as TriageRulesError).issues.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('rules that fail to compile are reported by triageMessage, not thrown', () => {
    const result = triageMessage('febre', { version: 'broken' } as unknown as TriageRules);
    expect(result.severity).toBe('none');
    expect(result.rulesVersion).toBe('broken');
    expect(result.error).toBeDefined();
  });
});

describe('pattern syntax', () => {
  it.each([
    ['', /empty pattern/],
    ['~2 dor', /cannot start or end with a gap/],
    ['dor ~2', /cannot start or end with a gap/],
    ['dor ~11 peito', /~1 to ~10/],
    ['a? b?', /at least one required word/],
    ['d* peito', /at least 2 plain letters/],
    ['a ~1 b ~1 c ~1 d ~1 e ~1 f', /more than 4 gaps/],
  ])('%j is rejected', (source, message) => {
    expect(() => compilePattern(source)).toThrow(PatternSyntaxError);
    expect(() => compilePattern(source)).toThrow(message);
  });
});

describe('extendRules caching', () => {
  it('returns the same frozen rules for the same extension content (cheap per message)', () => {
    const a = extendRules(defaultRules, hiccupsExtension);
    const b = extendRules(defaultRules, JSON.parse(JSON.stringify(hiccupsExtension)));
    expect(b).toBe(a);
    expect(Object.isFrozen(a.rules)).toBe(true);
    expect(Object.isFrozen(defaultRules.rules[0])).toBe(true);
    const other = extendRules(defaultRules, { ...hiccupsExtension, version: '3' });
    expect(other).not.toBe(a);
    expect(other.version).toBe(`${defaultRules.version}+clinica-x.3`);
  });

  it('keeps rejecting an invalid extension on every call', () => {
    const bad = { ...hiccupsExtension, rulez: [] };
    expect(() => extendRules(defaultRules, bad)).toThrow(TriageRulesError);
    expect(() => extendRules(defaultRules, bad)).toThrow(/rulez/);
  });

  it('reports an extension that cannot be serialised instead of crashing', () => {
    const circular: Record<string, unknown> = { name: 'x', version: '1' };
    circular.self = circular;
    expect(() => extendRules(defaultRules, circular)).toThrow(TriageRulesError);
  });
});

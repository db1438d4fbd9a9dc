import { describe, expect, it } from 'vitest';
import { triageMessage, type TriageResult } from './index';
import { formatFigures, labelledSets, measure, readLabelled } from './labelled-sets';

/** Shorthand: severity and symptom of one message. */
function triage(text: string): Pick<TriageResult, 'severity' | 'symptom'> {
  const { severity, symptom } = triageMessage(text);
  return { severity, symptom };
}

describe('triageMessage: normalisation (accents, case, slang, misspellings)', () => {
  it.each([
    ['FEBRE 38 E TREMEDEIRA', 'critical', 'fever'],
    ['tô com febri desde onti', 'critical', 'fever'],
    ['to com febreee', 'critical', 'fever'],
    ['ta com febre alta', 'critical', 'fever'],
    ['to sem ar', 'critical', 'dyspnea'],
    ['faltando ar desde cedo', 'critical', 'dyspnea'],
    ['n consigo respirar', 'critical', 'dyspnea'],
    ['vc pode me ligar? to com falta de ar', 'critical', 'dyspnea'],
    ['Dor no peito', 'critical', 'chest_pain'],
    ['desmaiei', 'critical', 'syncope'],
    ['vomitei', 'medium', 'vomiting'],
    ['vomitando', 'medium', 'vomiting'],
    ['vômito', 'medium', 'vomiting'],
    ['diarréia', 'medium', 'diarrhea'],
    ['diarreia', 'medium', 'diarrhea'],
    ['caganeira', 'medium', 'diarrhea'],
    ['xixi com sangue', 'critical', 'bleeding'],
    ['calafrio', 'high', 'chills'],
    ['diarrea', 'medium', 'diarrhea'],
    ['vomtando', 'medium', 'vomiting'],
  ] as const)('%s -> %s %s', (text, severity, symptom) => {
    expect(triage(text)).toEqual({ severity, symptom });
  });

  it('does not mistake lab tests, vaccines or coconut water for symptoms', () => {
    expect(triage('posso remarcar o exame de sangue para sexta?').severity).toBe('none');
    expect(triage('tomei a vacina da febre amarela').severity).toBe('none');
    expect(triage('tomei agua de coco').severity).toBe('none');
    expect(triage('que sufoco essa fila do hospital').severity).toBe('none');
  });
});

describe('triageMessage: temperatures', () => {
  it.each([
    ['estou com febre de 38,5', 'critical'],
    ['febre 38.5', 'critical'],
    ['38 graus', 'critical'],
    ['38ºC', 'critical'],
    ['termometro marcou 37,9', 'critical'],
    ['temperatura 37,8', 'critical'],
    ['medi agora deu 39', 'critical'],
    ['ta com 39', 'critical'],
    ['febre de trinta e oito e meio', 'critical'],
    ['febre 38 e meio', 'critical'],
    ['temperatura 37,7', 'high'],
    ['estou com 37.6 de temperatura, é normal?', 'high'],
    ['temperatura de 37 e meio', 'high'],
    ['medi a temperatura deu 36,8 tudo certo', 'none'],
    ['febre de 37,2', 'none'],
    ['febre', 'critical'],
    ['febre alta', 'critical'],
  ] as const)('%s -> %s', (text, severity) => {
    expect(triage(text).severity).toBe(severity);
  });

  it('the highest reading in the message decides', () => {
    expect(triage('ontem 38,4, hoje 37,1').severity).toBe('critical');
  });

  it('numbers that are not temperatures are ignored', () => {
    expect(triage('meu pai tem 38 anos').severity).toBe('none');
    // The rules read no temperature in it; whether the model raises it is the model's (tested in triage-model.test).
    expect(triageMessage('tomei 40 gotas de dipirona', undefined, { model: null }).severity).toBe('none');
    expect(triage('que horas é minha consulta amanha?').severity).toBe('none');
  });

  it('quotes the reading as evidence', () => {
    expect(triageMessage('Boa tarde, estou com febre de 38,5 desde ontem').evidence).toBe('febre de 38,5');
  });
});

describe('triageMessage: counts', () => {
  it.each([
    ['vomitei 4 vezes hoje', 'high', 'vomiting'],
    ['vomitei tres vezes', 'high', 'vomiting'],
    ['vomitando varias vezes', 'high', 'vomiting'],
    ['vomitei 1 vez', 'medium', 'vomiting'],
    ['vomitei uma vez', 'medium', 'vomiting'],
    ['diarreia liquida 7x hoje', 'high', 'diarrhea'],
    ['estou com diarreia, ja fui umas 6 vezes no banheiro hoje', 'high', 'diarrhea'],
    ['diarreia quatro vezes hoje', 'high', 'diarrhea'],
    ['fui 2 vezes ao banheiro com diarreia', 'medium', 'diarrhea'],
    ['diarreia 3 vezes', 'medium', 'diarrhea'],
    ['dor 9 de 10 na barriga', 'high', 'pain'],
    ['dor 8/10', 'high', 'pain'],
    ['dor 3 de 10', 'medium', 'pain'],
  ] as const)('%s -> %s %s', (text, severity, symptom) => {
    expect(triage(text)).toEqual({ severity, symptom });
  });

  it('no urine: 12 hours or more (or unstated) is critical, less is high', () => {
    expect(triage('nao faço xixi faz 6 horas')).toEqual({ severity: 'high', symptom: 'urinary_retention' });
    expect(triage('nao faço xixi faz 14 horas')).toEqual({ severity: 'critical', symptom: 'urinary_retention' });
    expect(triage('nao faço xixi desde ontem')).toEqual({ severity: 'critical', symptom: 'urinary_retention' });
  });

  it('negated or hypothetical temperatures do not count', () => {
    expect(triage('nao tive 38 graus').severity).toBe('none');
    expect(triage('se der 38 graus eu ligo').severity).toBe('none');
    expect(triage('a febre de 39 ja passou').severity).toBe('none');
  });

  it('each count goes with the nearest symptom', () => {
    const result = triageMessage('vomitei 1 vez e tive diarreia 5 vezes');
    expect(result.symptom).toBe('diarrhea');
    expect(result.findings.find((f) => f.symptom === 'vomiting')?.severity).toBe('medium');
  });
});

describe('triageMessage: negation scope', () => {
  it.each([
    'sem febre',
    'nao tive febre hoje graças a Deus',
    'sem dor, sem febre, sem falta de ar',
    'nao estou com falta de ar',
    'nao estou com dor no peito nem falta de ar, so queria confirmar a dose',
    'nao tenho febre, dor ou falta de ar',
    'nenhum sangramento essa semana',
    'dor nenhuma',
    'febre nao tive',
    'Febre? Não.',
    'não tive vômito nem diarreia',
  ])('%s -> none', (text) => {
    expect(triage(text).severity).toBe('none');
  });

  it.each([
    ['sem febre mas com muita falta de ar', 'critical', 'dyspnea'],
    ['sem febre e com falta de ar', 'critical', 'dyspnea'],
    ['nao tive febre, mas estou com dor no peito', 'critical', 'chest_pain'],
    ['nao tenho febre mas to tossindo sangue', 'critical', 'bleeding'],
    ['sem febre, so um pouco cansada', 'medium', 'fatigue'],
    ['to enjoada mas nao vomitei', 'medium', 'nausea'],
    ['Nao, to com febre', 'critical', 'fever'],
  ] as const)('a later un-negated symptom still counts: %s', (text, severity, symptom) => {
    expect(triage(text)).toEqual({ severity, symptom });
  });

  it('cue look-alikes do not negate ("nao consigo", "nao passa", "sem parar")', () => {
    expect(triage('nao consigo respirar').severity).toBe('critical');
    expect(triage('a febre nao baixa nem com dipirona').severity).toBe('critical');
    expect(triage('gengiva sangrando sem parar').severity).toBe('critical');
    expect(triage('nao sei se e febre').severity).toBe('critical');
    expect(triage('nao faço xixi desde ontem').symptom).toBe('urinary_retention');
  });

  it('emphatic double negatives keep the symptom ("sem energia nenhuma")', () => {
    expect(triage('sem energia nenhuma hoje')).toEqual({ severity: 'medium', symptom: 'fatigue' });
  });
});

describe('triageMessage: hypotheticals and resolved symptoms', () => {
  it.each([
    'se eu tiver febre posso tomar dipirona?',
    'o medico disse que pode dar enjoo',
    'a receita do remedio pra dor venceu',
    'tenho medo de ter febre de novo',
    'a febre passou, hoje ta 36,5',
    'a febre ja passou',
    'ja melhorou a diarreia',
    'nao tenho mais febre',
    'parei de vomitar',
    'o sangramento parou',
    'ontem tava com diarreia mas hoje ja passou',
    'a dor de cabeca ja passou',
  ])('%s -> none', (text) => {
    expect(triage(text).severity).toBe('none');
  });

  it('"not passed" and "relieved by a drug" are not resolutions', () => {
    expect(triage('dor muito forte nas costas, tomei o remedio e nao passou')).toEqual({ severity: 'high', symptom: 'pain' });
    expect(triage('tomei dipirona pra febre e nao baixou').severity).toBe('critical');
    expect(triage('dor de cabeça leve, passou com dipirona')).toEqual({ severity: 'medium', symptom: 'pain' });
  });

  it('a resolved symptom does not hide another one', () => {
    expect(triage('a febre passou mas agora estou com falta de ar').symptom).toBe('dyspnea');
  });
});

describe('triageMessage: events, general improvement and distant history', () => {
  it.each([
    ['tive um desmaio ontem a noite, hoje to melhor', 'critical', 'syncope'],
    ['teve convulsao de madrugada, ja passou', 'critical', 'seizure'],
    ['ontem saiu sangue no xixi, hoje ta normal', 'critical', 'bleeding'],
    ['tive febre ontem a noite, hoje to bem', 'critical', 'fever'],
    ['diarreia ontem, hoje ja to melhor', 'none', ''],
    ['o nariz sangrou um pouquinho ontem mas parou logo', 'none', ''],
    ['o sangramento parou', 'none', ''],
  ] as const)('%s -> %s', (text, severity, symptom) => {
    expect(triage(text)).toEqual({ severity, symptom });
  });

  it.each([
    'a convulsao que ele teve foi ano passado, o neuro quer o relatorio',
    'ele tem historico de convulsao',
    'quando era crianca eu desmaiava',
    'ela teve hemorragia antes da cirurgia, ano retrasado',
    'ela desmaiou uma vez ha uns 3 anos',
    'em 2019 ele teve uma convulsao',
    'tive febre na quimio passada',
  ])('distant history is not current: %s -> none', (text) => {
    expect(triage(text).severity).toBe('none');
  });

  it.each([
    ['desde o ano passado tenho falta de ar', 'dyspnea'],
    ['faz 2 meses que sinto dor no peito', 'chest_pain'],
    ['ano passado teve convulsao e hoje teve de novo', 'seizure'],
    ['semana passada fiz quimio, estou com febre', 'fever'],
  ])('ongoing or recurring is current: %s', (text, symptom) => {
    expect(triage(text)).toEqual({ severity: 'critical', symptom });
  });
});

describe('triageMessage: fluids, bleeding, swelling, mental state', () => {
  it.each([
    ['meu marido vomita tudo, nem o soro para', 'vomiting'],
    ['tudo que ela bebe volta', 'vomiting'],
    ['cortei o dedo e o sangue nao para', 'bleeding'],
    ['a cara dele ta toda inchada', 'allergic_reaction'],
    ['minha mae ta estranha, agitada e sem entender nada', 'confusion'],
    ['ele ta fora de si', 'confusion'],
  ])('%s -> critical %s', (text, symptom) => {
    expect(triage(text)).toEqual({ severity: 'critical', symptom });
  });

  it.each([
    'fiquei sem entender nada do que a atendente falou',
    'o resultado do exame veio estranho',
    'o rosto ta vermelho do sol, sem inchaço',
    'nao tem febre nem dor, so queria saber da biopsia',
  ])('%s -> none', (text) => {
    expect(triage(text).severity).toBe('none');
  });

  it.each([
    ['to com febrinha, 37 e pouco', 'fever'],
    ['diarreia o dia todo, perdi a conta', 'diarrhea'],
    ['mucosite forte, nao como nada', 'mucositis'],
    ['as manchas comecaram no braco e agora estao no peito', 'rash'],
  ])('%s -> high %s', (text, symptom) => {
    expect(triage(text)).toEqual({ severity: 'high', symptom });
  });

  it('"36 e pouco" is not a fever', () => {
    expect(triage('medi e deu 36 e pouco').severity).toBe('none');
  });
});

describe('triageMessage: result shape', () => {
  it('reports the most severe finding and lists all findings, most severe first', () => {
    const result = triageMessage('to enjoada, vomitei 3 vezes e estou com febre de 39');
    expect(result.severity).toBe('critical');
    expect(result.symptom).toBe('fever');
    expect(result.ruleId).toBe('fever-measured-critical');
    expect(result.rulesVersion).toMatch(/^\d+\.\d+\.\d+/);
    const symptoms = result.findings.map((f) => f.symptom);
    expect(symptoms).toEqual(expect.arrayContaining(['fever', 'vomiting', 'nausea']));
    const ranks = result.findings.map((f) => ['medium', 'high', 'critical'].indexOf(f.severity));
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
  });

  it('evidence is the original text, as written', () => {
    const text = 'Oi!! Tô com FÉBRE e Falta de Ar 😷';
    const result = triageMessage(text);
    expect(result.severity).toBe('critical');
    for (const f of result.findings) expect(text.slice(f.start, f.end)).toBe(f.evidence);
    expect(result.findings.map((f) => f.evidence)).toEqual(expect.arrayContaining(['FÉBRE', 'Falta de Ar']));
  });

  it('none has an empty symptom and evidence and no ruleId', () => {
    const result = triageMessage('Bom dia! Tudo bem por aqui');
    expect(result).toMatchObject({ severity: 'none', symptom: '', evidence: '', findings: [], truncated: false });
    expect(result.ruleId).toBeUndefined();
  });

  it('only reads the first limits.maxChars characters of huge messages', () => {
    const result = triageMessage('ok '.repeat(3000) + 'febre');
    expect(result.truncated).toBe(true);
    expect(result.severity).toBe('none');
    expect(triageMessage('febre ' + 'ok '.repeat(3000)).severity).toBe('critical');
  });
});

// ---------------------------------------------------------------------------
// Figures on every labelled set in fixtures/ (labelled-sets.ts): dev (the rules
// were built on it), heldout (written before the rules), regression (harder
// messages found while stress-testing; tuned on), and each blind set
// (blind-*.jsonl, written by people who saw only the rubric; their figures
// BEFORE tuning are in fixtures/BLIND-FIGURES.md). The judged criteria: critical
// recall (critical or high counts as caught) >= 0.95, high raised to high or
// critical >= 0.9, false alarms on `none` (critical or high) <= 10%.

describe('triage figures on every labelled set', () => {
  const sets = labelledSets();

  it('finds the development, held-out, regression and blind sets', () => {
    expect([...sets.keys()]).toEqual(expect.arrayContaining(['dev', 'heldout', 'regression']));
  });

  for (const [name, file] of sets) {
    it(`${name}: critical recall >= 0.95, high raised >= 0.9, false alarms on none <= 10%`, () => {
      const f = measure(readLabelled(file), (text) => triageMessage(text).severity);
      console.log(formatFigures(name, f) + (f.misses.length > 0 ? `\n${f.misses.join('\n')}` : ''));
      expect(f.n).toBeGreaterThanOrEqual(50);
      expect(f.criticalRecall).toBeGreaterThanOrEqual(0.95);
      expect(f.highRaised).toBeGreaterThanOrEqual(0.9);
      expect(f.falseAlarmRate).toBeLessThanOrEqual(0.1);
    });
  }
});

/** Stage 2, vital signs as numbers: parsing, then the rubric through the pipeline. */
import { describe, expect, it } from 'vitest';
import { compileRules } from './compile-rules';
import { defaultRules, triageMessage } from './index';
import { normalize } from './normalize';
import { extractBloodPressure } from './vital-signs';

const compiled = compileRules(defaultRules);
const pressure = (text: string): { systolic?: number; diastolic?: number } => {
  const found = extractBloodPressure(normalize(text, compiled.lexicon), compiled.bloodPressure);
  return Object.fromEntries(found.map((q) => [q.kind, q.value]));
};

describe('extractBloodPressure', () => {
  it.each([
    ['pressao 12 por 8', 120, 80],
    ['PA 120x80', 120, 80],
    ['pressão 8/5', 80, 50],
    ['a pressao caiu pra 7 por 4', 70, 40],
    ['pressao 18 por 12', 180, 120],
    ['pressão arterial 13,5 por 9', 135, 90],
    ['deu 90 por 60 mmhg', 90, 60],
    ['pressao dela ta 9 x 6', 90, 60],
  ])('%s -> %i/%i', (text, systolic, diastolic) => {
    expect(pressure(text)).toEqual({ systolic, diastolic });
  });

  it('reads the systolic alone, as said out loud', () => {
    expect(pressure('a pressao ta 8')).toEqual({ systolic: 80 });
    expect(pressure('pressao 160')).toEqual({ systolic: 160 });
  });

  it('ignores numbers that are not a blood pressure', () => {
    expect(pressure('12 por 8')).toEqual({}); // no context
    expect(pressure('tomo o remedio de pressao 2 vezes por dia')).toEqual({});
    expect(pressure('remedio da pressao de 50 mg')).toEqual({});
    expect(pressure('pressao 12 por 8 dias')).toEqual({});
    expect(pressure('pressao 8 por 12')).toEqual({}); // diastolic above systolic: not a reading
  });
});

describe('vital signs mapped to the rubric (fixtures/README.md)', () => {
  it.each([
    ['oximetro 89', 'critical', 'dyspnea'],
    ['saturação 92%', 'critical', 'dyspnea'],
    ['sat 88', 'critical', 'dyspnea'],
    ['spo2 91', 'critical', 'dyspnea'],
    ['saturando 93', 'high', 'dyspnea'],
    ['o oximetro deu 94', 'high', 'dyspnea'],
    ['pressão 8 por 5', 'critical', 'blood_pressure'],
    ['pa 80/50', 'critical', 'blood_pressure'],
    ['pressao 19 por 11', 'high', 'blood_pressure'],
    ['batimentos 140', 'critical', 'heart_rate'],
    ['coracao batendo a 150 por minuto', 'critical', 'heart_rate'],
    ['pulso 38', 'critical', 'heart_rate'],
    ['pulso 125', 'high', 'heart_rate'],
    ['glicemia 40', 'critical', 'blood_glucose'],
    ['o dextro deu 35', 'critical', 'blood_glucose'],
    ['glicemia 60', 'high', 'blood_glucose'],
    ['hgt 480', 'high', 'blood_glucose'],
    ['temperatura 38,5°C', 'critical', 'fever'],
    ['tax 38', 'critical', 'fever'],
    ['39 grau', 'critical', 'fever'],
    ['🌡️ 37,6', 'high', 'fever'],
  ] as const)('%s -> %s %s', (text, severity, symptom) => {
    const r = triageMessage(text);
    expect({ severity: r.severity, symptom: r.symptom }).toEqual({ severity, symptom });
  });

  it.each([
    'saturacao 97, pressao 12 por 8, batimento 80, glicemia 110, temperatura 36,5',
    'sat 95',
    'pressao 11 por 7',
    'pulso 90',
    'glicemia 140 em jejum',
    'febre de 38, glicemia 120'.replace('febre de 38, ', ''),
  ])('normal readings do not alarm: %s', (text) => {
    expect(triageMessage(text).severity).toBe('none');
  });

  it('each number goes with its nearest vital sign', () => {
    expect(triageMessage('febre de 38, glicemia 120').symptom).toBe('fever');
    expect(triageMessage('glicemia 120, febre de 38').symptom).toBe('fever');
    expect(triageMessage('saturacao 97 e batimento 140').symptom).toBe('heart_rate');
  });

  it('a threshold quoted in a question or an instruction is not a reading', () => {
    expect(triageMessage('saturacao abaixo de 92 e perigoso?').severity).toBe('none');
    expect(triageMessage('a partir de 37,8 e febre, ne?').severity).toBe('none');
    expect(triageMessage('o medico falou pra ligar se tiver febre acima de 37,8').severity).toBe('none');
    expect(triageMessage('a febre ta acima de 38').severity).toBe('critical');
  });
});

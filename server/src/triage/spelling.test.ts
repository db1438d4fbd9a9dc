/** Stage 1, spelling tolerance: the index on its own, then through the whole pipeline. */
import { describe, expect, it } from 'vitest';
import { normalizedTokens, triageMessage } from './index';
import { buildSpellingIndex, lookupSpelling, withinOneSoundEdit } from './spelling';

const options = { minWordLength: 4, minKeyLengthForEdit: 6, keep: new Set(['diaria']) };

describe('lookupSpelling', () => {
  const index = buildSpellingIndex(
    [
      ['febre', 'febre'],
      ['respirar', 'respirar'],
      ['convulsao', 'convulsao'],
      ['diarreia', 'diarreia'],
      ['sangue', 'sangue'],
      ['cansado', 'cansaco'],
      ['cansada', 'cansaco'],
    ],
    options,
  );

  it('reads a word that sounds like a target as that target', () => {
    expect(lookupSpelling(index, 'febri')).toBe('febre');
    expect(lookupSpelling(index, 'rispira')).toBe('respirar');
    expect(lookupSpelling(index, 'sangui')).toBe('sangue');
    expect(lookupSpelling(index, 'cansadu')).toBe('cansaco');
  });

  it('accepts one confusable sound edit in long words ("convulcao": the cedilla was folded away)', () => {
    expect(lookupSpelling(index, 'convulcao')).toBe('convulsao');
    expect(lookupSpelling(index, 'conbulsao')).toBe('convulsao');
  });

  it('does not guess: short words, kept words, unrelated edits', () => {
    expect(lookupSpelling(index, 'feb')).toBeUndefined();
    expect(lookupSpelling(index, 'diaria')).toBeUndefined();
    expect(lookupSpelling(index, 'confusao')).toBeUndefined();
    expect(lookupSpelling(index, 'casa')).toBeUndefined();
  });

  it('drops a sound shared by two different words', () => {
    const ambiguous = buildSpellingIndex(
      [
        ['passo', 'passo'],
        ['passou', 'passou'],
      ],
      options,
    );
    expect(lookupSpelling(ambiguous, 'pasou')).toBeUndefined();
  });

  it('withinOneSoundEdit: vowels heard or not, swaps and confusable consonants only', () => {
    expect(withinOneSoundEdit('KUNVUSAU', 'KUNVUKAU')).toBe(true); // s / c(ç)
    expect(withinOneSoundEdit('SANGRAMINTU', 'SANGRMINTU')).toBe(true); // a vowel dropped
    expect(withinOneSoundEdit('FAUTA', 'FARTA')).toBe(false); // u / r is not a swap patients make
    expect(withinOneSoundEdit('MUSINIA', 'MULINIA')).toBe(false); // mocinha / molinha
    expect(withinOneSoundEdit('FIBRI', 'FIBRU')).toBe(false); // a wrong vowel is another word
  });
});

describe('stage 1 in the pipeline: how patients really write', () => {
  it.each([
    ['dor no peitu', 'critical', 'chest_pain'],
    ['nao consigo rispira direito', 'critical', 'dyspnea'],
    ['sangui no vomitu', 'critical', 'bleeding'],
    ['quero morre', 'critical', 'self_harm'],
    ['nao quero mais vive', 'critical', 'self_harm'],
    ['perdi o apitite', 'medium', 'appetite'],
    ['injoo desde cedo', 'medium', 'nausea'],
    ['ta cagano agua, ja foi 7 vez', 'high', 'diarrhea'],
  ] as const)('phonetic spelling: %s -> %s %s', (text, severity, symptom) => {
    const r = triageMessage(text);
    expect({ severity: r.severity, symptom: r.symptom }).toEqual({ severity, symptom });
  });

  it.each([
    ['ele teve uma com vulsão agora', 'convulsao'],
    ['to com dia reia', 'diarreia'],
    ['to com fé bre', 'febre'],
  ])('dictation that splits a word: %s', (text, word) => {
    expect(normalizedTokens(text)).toContain(word);
  });

  it.each([
    ['🤒🤒', 'fever'],
    ['🥵 39 grau', 'fever'],
    ['🩸 no xixi', 'bleeding'],
    ['😵‍💫 e caí', 'syncope'],
    ['😵', 'syncope'],
  ])('emoji that stand for a symptom: %s -> %s', (text, symptom) => {
    expect(triageMessage(text)).toMatchObject({ severity: 'critical', symptom });
  });

  it('a run of the same emoji is one mention, quoted as written', () => {
    const r = triageMessage('🤮🤮🤮🤮 a noite toda');
    expect(r).toMatchObject({ severity: 'high', symptom: 'vomiting' });
    expect(r.evidence.startsWith('🤮🤮🤮🤮')).toBe(true);
  });

  it.each([
    ['febri 37 i 9', 'critical'],
    ['termômetro marcou 37 e sete', 'high'],
    ['febre de trinta e oito vírgula cinco', 'critical'],
    ['temperatura 38 virgula 1', 'critical'],
    ["38'5 de febre", 'critical'],
    ['38 graus e meio', 'critical'],
  ] as const)('dictated and spoken numbers: %s -> %s', (text, severity) => {
    expect(triageMessage(text).severity).toBe(severity);
  });

  it('elongated words and all caps', () => {
    expect(triageMessage('FEBREEEE ALTAAA').severity).toBe('critical');
    expect(triageMessage('SOCORROOO NAO CONSIGO RESPIRARRR').symptom).toBe('dyspnea');
  });

  it('never turns an everyday word into a symptom', () => {
    for (const text of [
      'tomo a dose diaria certinho',
      'a receita venceu',
      'fiz 40 anos',
      'estou na cozinha',
      'preciso da coleta de sangue amanha',
    ]) {
      expect(triageMessage(text).severity, text).toBe('none');
    }
  });

  it('an ordinal counts only before "vez": "a quarta vez" is 4 times, "quarta" alone is Wednesday', () => {
    expect(triageMessage('vomitou de novo, ja e a quarta vez').severity).toBe('high');
    expect(triageMessage('vomitei na quarta').severity).toBe('medium');
  });
});

describe('numbers read out loud (rules 1.5)', () => {
  it('tens up to a hundred and a temperature whose tenths follow without "e"', () => {
    expect(triageMessage('trinta e sete sete').severity).toBe('high');
    expect(triageMessage('saturação oitenta e nove').severity).toBe('critical');
    expect(triageMessage('saturação noventa e sete').severity).toBe('none');
  });
});

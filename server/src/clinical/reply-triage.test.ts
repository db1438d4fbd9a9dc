import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leansOnQuestion, triageTexts } from './reply-triage';

describe('triageTexts: an answer is read with the question it answers when it leans on it', () => {
  const question = 'Você está com falta de ar?';

  it.each([
    'Sim',
    'sim!',
    'SIM',
    'Tô sim',
    'to sim, desde cedo',
    'Estou',
    'é sim',
    'Aham',
    'uhum',
    'com certeza',
    'um pouco',
    '👍',
    'Piorou',
    '39,4',
    '88%',
    '12 por 8',
    '38 graus',
  ])('%j leans on the question', (answer) => {
    expect(leansOnQuestion(answer)).toBe(true);
    expect(triageTexts(answer, question)).toEqual([answer, `${question}\n${answer.trim()}`]);
  });

  it.each([
    'Não',
    'nao',
    'N',
    'Ainda não',
    'to não',
    'nada',
    '👎',
    'Estou bem, obrigada',
    'bem',
    'Quem é?',
    'ok',
    '',
    '   ',
    'Sim não sei',
  ])('%j is read alone', (answer) => {
    expect(triageTexts(answer, question)).toEqual([answer]);
  });

  it('reads a self-contained answer alone too, and anything alone when the question is unknown', () => {
    expect(triageTexts('Sim, estou com falta de ar', undefined)).toEqual(['Sim, estou com falta de ar']);
    expect(triageTexts('Sim', '  ')).toEqual(['Sim']);
  });

  it('never throws and always reads the answer itself first', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.option(fc.string({ maxLength: 200 })), (answer, q) => {
        const texts = triageTexts(answer, q ?? undefined);
        expect(texts[0]).toBe(answer);
        expect(texts.length).toBeLessThanOrEqual(2);
      }),
      { numRuns: 500 },
    );
  });
});

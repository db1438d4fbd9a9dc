import { describe, expect, it } from 'vitest';
import { phoneticKey } from './phonetic';

describe('phoneticKey: spellings that sound alike share a key', () => {
  it.each([
    ['febre', 'febri'],
    ['peito', 'peitu'],
    ['peito', 'petu'],
    ['respira', 'rispira'],
    ['tossindo', 'tussindo'],
    ['sangue', 'sangui'],
    ['convulsao', 'comvulsao'],
    ['enjoo', 'injoo'],
    ['apetite', 'apitite'],
    ['cagando', 'cagano'], // the gerund's d drops
    ['subindo', 'subino'],
    ['morrer', 'morre'], // the infinitive's r drops
    ['viver', 'vive'],
    ['mastigar', 'mastiga'],
    ['diarreia', 'diareia'], // doubled letters
    ['passou', 'passo'], // ou -> o
    ['chiado', 'xiado'], // ch / x
    ['exame', 'ezame'.replace('z', 'x')],
    ['dessa', 'desa'],
    ['assim', 'asim'],
    ['acesso', 'assesso'], // c before e = s
    ['quente', 'kente'], // qu before e = k
    ['queimando', 'keimando'],
    ['gengiva', 'jenjiva'], // g before e/i = j
    ['folha', 'folia'], // lh = li
    ['vinho', 'vinio'], // nh = ni
    ['hoje', 'oje'], // mute h
    ['alto', 'auto'], // l before a consonant = u
    ['ficaram', 'ficarao'], // final -am = -ao
    ['tempo', 'tenpo'], // m before a consonant = n
  ])('%s = %s', (a, b) => {
    expect(phoneticKey(a)).toBe(phoneticKey(b));
  });

  it.each([
    ['febre', 'fibra'],
    ['sangue', 'sangria'],
    ['vomito', 'vinho'],
    ['dor', 'dar'],
    ['peito', 'pato'],
    ['guerra', 'jerra'], // gu before e is a hard g
    ['casa', 'kasa'.replace('k', 'g')],
  ])('%s != %s', (a, b) => {
    expect(phoneticKey(a)).not.toBe(phoneticKey(b));
  });

  it('is an upper-case key of letters', () => {
    expect(phoneticKey('febre')).toBe('FIBRI');
    expect(phoneticKey('convulsao')).toBe('KUNVUSAU');
    expect(phoneticKey('chichi')).toBe('XIXI');
  });

  it('leaves words with other characters alone', () => {
    expect(phoneticKey('38')).toBe('38');
    expect(phoneticKey('falta_de_ar')).toBe('falta_de_ar');
    expect(phoneticKey('')).toBe('');
  });
});

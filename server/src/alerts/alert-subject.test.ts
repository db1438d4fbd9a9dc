import { describe, expect, it } from 'vitest';
import { sameName } from './alert-subject';

describe('sameName: a different person, not a different spelling style', () => {
  it.each([
    ['Maria Aparecida Souza', 'MARIA APARECIDA SOUZA'],
    ['José Carlos Pereira', 'JOSE CARLOS PEREIRA'],
    ['Conceição Brandão', 'conceicao  brandao '],
    ['12A', '12a'],
    // Composed and decomposed forms of "ã" are one letter.
    ['Brand\u00e3o', 'Branda\u0303o'],
  ])('"%s" and "%s" name the same patient', (record, body) => {
    expect(sameName(record, body)).toBe(true);
  });

  it.each([
    ['Maria Aparecida Souza', 'José Carlos Pereira'],
    ['Maria Aparecida Souza', 'Maria Souza'],
    ['Ana Lima', 'Ana Lima Filho'],
    ['12A', '12B'],
  ])('"%s" and "%s" do not', (record, body) => {
    expect(sameName(record, body)).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deletionsOf, editDistance, withinOneEdit } from './edit-distance';

describe('editDistance (bounded Damerau-Levenshtein)', () => {
  it.each([
    ['febre', 'febre', 0],
    ['febre', 'febr', 1], // missing
    ['febre', 'febree', 1], // extra
    ['febre', 'fevre', 1], // wrong
    ['febre', 'fbere', 1], // swapped neighbours
    ['diarreia', 'diarea', 2],
    ['', 'abc', 3],
  ])('%s / %s = %i', (a, b, d) => {
    expect(editDistance(a, b, 5)).toBe(d);
  });

  it('stops early past the bound', () => {
    expect(editDistance('convulsao', 'xxxxxxxxx', 1)).toBe(2);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('withinOneEdit', () => {
  it('agrees with editDistance <= 1 on any pair of short strings', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'e'), maxLength: 7 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(withinOneEdit(a, b)).toBe(editDistance(a, b, 1) <= 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees on near misses of real words', () => {
    const edits = fc.tuple(fc.constantFrom('sangramento', 'convulsao', 'respirando'), fc.nat(12), fc.constantFrom('x', 'a', ''));
    fc.assert(
      fc.property(edits, edits, ([w1, i1, c1], [w2, i2, c2]) => {
        const a = w1.slice(0, i1) + c1 + w1.slice(i1 + 1);
        const b = w2.slice(0, i2) + c2 + w2.slice(i2 + 1);
        expect(withinOneEdit(a, b)).toBe(editDistance(a, b, 1) <= 1);
      }),
    );
  });
});

describe('deletionsOf', () => {
  it('is the word and every one-letter deletion, without repeats', () => {
    expect(deletionsOf('ana').sort()).toEqual(['aa', 'an', 'ana', 'na'].sort());
    expect(deletionsOf('')).toEqual(['']);
  });
});

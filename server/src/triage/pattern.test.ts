import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules } from './compile-rules';
import { normalize, type Token } from './normalize';
import { compilePattern, findAll, matchAt } from './pattern';
import { defaultRules } from './triage-engine';

const { lexicon } = compileRules(defaultRules);
const normalizedTokens = (text: string) => normalize(text, lexicon);

const VOCABULARY = ['dor', 'no', 'peito', 'febre', 'muita', 'inchada', 'inchou', 'perna', '38', ',', '.'];

/** What findAll must equal: the shortest match tried at every token, with no shortcut. */
const everyStart = (pattern: ReturnType<typeof compilePattern>, tokens: readonly Token[]) =>
  tokens.flatMap((_, start) => {
    const end = matchAt(pattern, tokens, start);
    return end > start ? [{ start, end }] : [];
  });

describe('findAll', () => {
  it('finds a pattern whose required words are all in the message, and none when one is missing', () => {
    const pattern = compilePattern('dor ~3 peito');
    expect(findAll(pattern, normalizedTokens('estou com dor forte no peito'))).not.toEqual([]);
    expect(findAll(pattern, normalizedTokens('estou com dor forte nas costas'))).toEqual([]);
    // A prefix alternative counts a word that starts with it; an optional word is not required.
    expect(findAll(compilePattern('perna|braco? inch*'), normalizedTokens('a perna inchou'))).not.toEqual([]);
    expect(findAll(compilePattern('muito? inch*'), normalizedTokens('ficou inchada'))).not.toEqual([]);
  });

  it('equals trying the pattern at every token, for any message and pattern (the shortcut only skips what cannot match)', () => {
    const word = fc.constantFrom(...VOCABULARY);
    const element = fc.oneof(fc.constantFrom('peito', 'inch*', 'perna|peito', 'muita?', '#?', '~2', '~3', 'no?'), fc.constant('pe*'));
    let matched = 0;
    fc.assert(
      fc.property(fc.array(word, { maxLength: 16 }), fc.array(element, { maxLength: 3 }), (words, parts) => {
        const source = ['dor|febre|inch*', ...parts, 'peito|perna|38'].join(' ');
        const pattern = compilePattern(source);
        const tokens = normalizedTokens(words.join(' '));
        const found = findAll(pattern, tokens);
        expect(found).toEqual(everyStart(pattern, tokens));
        if (found.length > 0) matched++;
      }),
      { numRuns: 500 },
    );
    // Not vacuous: many of the generated messages do match.
    expect(matched).toBeGreaterThan(40);
  });
});

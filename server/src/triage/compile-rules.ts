/**
 * Turns validated rule DATA into the structures the engine runs on (lookup
 * maps, parsed patterns). Done once per rules object and cached, so
 * triageMessage stays cheap per message.
 */
import { canonicalWord, collapseRepeats, foldText, tokenizeRuleText, type Lexicon } from './normalize';
import { compilePattern, type CompiledPattern } from './pattern';
import type { Severity, TriageRule, TriageRules } from './rules-schema';

export interface CompiledRule {
  rule: TriageRule;
  /** Position in the file: earlier rules win ties of equal severity. */
  order: number;
  patterns: CompiledPattern[];
  exceptions: CompiledPattern[];
  alsoRequires: CompiledPattern[];
}

export interface CompiledQuantity {
  kind: string;
  range: readonly [number, number] | undefined;
  unitsAfter: string[][];
  contextWords: ReadonlySet<string>;
  contextWindow: number;
  adjacentBefore: ReadonlySet<string>;
  decimalIsEnough: boolean;
  excludeUnitsAfter: ReadonlySet<string>;
}

export interface CompiledRules {
  version: string;
  maxChars: number;
  lexicon: Lexicon;
  rules: CompiledRule[];
  quantities: CompiledQuantity[];
  /** Quantity kinds some condition reads message-wide (no "near"), e.g. temperature. */
  messageLevelQuantities: ReadonlySet<string>;
  negation: {
    cues: CompiledPattern[];
    pseudoCues: CompiledPattern[];
    postCues: CompiledPattern[];
    hardTerminators: ReadonlySet<string>;
    softTerminators: ReadonlySet<string>;
    fillerWords: ReadonlySet<string>;
    maxScopeWords: number;
    /** Words that are a negation cue on their own ("sem", "nao"), as folded. */
    cueWords: ReadonlySet<string>;
  };
  hypothetical: { cues: CompiledPattern[]; pseudoCues: CompiledPattern[] };
  resolution: {
    before: CompiledPattern[];
    after: CompiledPattern[];
    /** "hoje to melhor": cancels only findings up to generalMaxSeverity. */
    generalAfter: CompiledPattern[];
    generalMaxSeverity: Exclude<Severity, 'none'>;
    recentCues: CompiledPattern[];
    afterWindow: number;
    blockers: ReadonlySet<string>;
    notFollowedBy: ReadonlySet<string>;
    bridgeWords: ReadonlySet<string>;
  };
  /** Distant past ("ano passado", "quando era crianca"): not a current symptom. */
  history: {
    cues: CompiledPattern[];
    pseudoCues: CompiledPattern[];
    durationCues: CompiledPattern[];
    /** Folded surface forms (not canonical). */
    pastWords: ReadonlySet<string>;
    presentWords: ReadonlySet<string>;
    window: number;
    blockers: ReadonlySet<string>;
    recurrenceWords: ReadonlySet<string>;
  };
}

function buildLexicon(rules: TriageRules): Lexicon {
  const exact = new Map<string, string>();
  const prefixes: { prefix: string; canonical: string }[] = [];
  const phraseDefs: { tokens: string[]; canonical: string }[] = [];
  for (const group of rules.normalization.synonyms) {
    // A canonical word always maps to itself, so a prefix such as "febr*"
    // never swallows another canonical word like "febre_amarela".
    exact.set(group.canonical, group.canonical);
    for (const variant of group.variants) {
      const isPrefix = variant.trim().endsWith('*');
      const tokens = tokenizeRuleText(variant);
      const first = tokens[0];
      if (first === undefined) continue;
      if (isPrefix) prefixes.push({ prefix: first, canonical: group.canonical });
      else if (tokens.length === 1) exact.set(first, group.canonical);
      else phraseDefs.push({ tokens, canonical: group.canonical });
    }
  }
  prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  const numberWords = new Map<string, number>();
  for (const [word, value] of Object.entries(rules.numbers.words)) numberWords.set(collapseRepeats(foldText(word)), value);
  const fractionWords = new Map<string, number>();
  for (const [word, value] of Object.entries(rules.numbers.fractions)) fractionWords.set(collapseRepeats(foldText(word)), value);
  const partial: Lexicon = {
    exact,
    prefixes,
    fuzzy: { maxDistance: rules.normalization.fuzzy.maxDistance, minLength: rules.normalization.fuzzy.minLength, words: [] },
    phrases: new Map(),
    numberWords,
    fractionWords,
  };
  // Phrase variants and fuzzy targets are written in everyday words; map
  // them through the single-word tables so they line up with message tokens.
  const phrases = new Map<string, { seq: string[]; canonical: string }[]>();
  for (const def of phraseDefs) {
    const seq = def.tokens.map((t) => canonicalWord(t, partial, false));
    const key = seq[0];
    if (key === undefined) continue;
    const list = phrases.get(key) ?? [];
    list.push({ seq, canonical: def.canonical });
    phrases.set(key, list);
  }
  for (const list of phrases.values()) list.sort((a, b) => b.seq.length - a.seq.length);
  const fuzzyWords = rules.normalization.fuzzy.words.map((w) => {
    const word = collapseRepeats(foldText(w));
    return { word, canonical: canonicalWord(word, partial, false) };
  });
  return { ...partial, phrases, fuzzy: { ...partial.fuzzy, words: fuzzyWords } };
}

const cache = new WeakMap<TriageRules, CompiledRules>();

/** Compile (once per rules object) the rules for the engine. */
export function compileRules(rules: TriageRules): CompiledRules {
  const hit = cache.get(rules);
  if (hit) return hit;
  const lexicon = buildLexicon(rules);
  const canon = (w: string): string => canonicalWord(w, lexicon, false);
  const pats = (list: readonly string[] | undefined): CompiledPattern[] => (list ?? []).map((p) => compilePattern(p, canon));
  const words = (list: readonly string[]): Set<string> => new Set(list.map(canon));
  const seq = (unit: string): string[] => tokenizeRuleText(unit).map(canon);
  const compiled: CompiledRules = {
    version: rules.version,
    maxChars: rules.limits.maxChars,
    lexicon,
    rules: rules.rules.map((rule, order) => ({
      rule,
      order,
      patterns: pats(rule.patterns),
      exceptions: pats(rule.exceptions),
      alsoRequires: pats(rule.alsoRequires),
    })),
    messageLevelQuantities: new Set(
      rules.rules
        .flatMap((r) => [...(r.when ?? []), ...(r.unless ?? [])])
        .filter((c) => c.near === undefined)
        .map((c) => c.quantity),
    ),
    quantities: rules.quantities.map((q) => ({
      kind: q.kind,
      range: q.range,
      unitsAfter: (q.unitsAfter ?? []).map(seq).filter((s) => s.length > 0),
      contextWords: words(q.contextWords ?? []),
      contextWindow: q.contextWindow ?? 4,
      adjacentBefore: words(q.adjacentBefore ?? []),
      decimalIsEnough: q.decimalIsEnough ?? false,
      excludeUnitsAfter: new Set((q.excludeUnitsAfter ?? []).map((u) => seq(u)[0] ?? u)),
    })),
    negation: {
      cues: pats(rules.negation.cues),
      pseudoCues: pats(rules.negation.pseudoCues),
      postCues: pats(rules.negation.postCues),
      hardTerminators: words(rules.negation.hardTerminators),
      softTerminators: words(rules.negation.softTerminators),
      fillerWords: words(rules.negation.fillerWords),
      maxScopeWords: rules.negation.maxScopeWords,
      cueWords: new Set(
        rules.negation.cues
          .map((c) => c.trim())
          .filter((c) => /^[a-z0-9_|]+$/.test(c))
          .flatMap((c) => c.split('|')),
      ),
    },
    hypothetical: { cues: pats(rules.hypothetical.cues), pseudoCues: pats(rules.hypothetical.pseudoCues) },
    resolution: {
      before: pats(rules.resolution.before),
      after: pats(rules.resolution.after),
      generalAfter: pats(rules.resolution.generalAfter),
      generalMaxSeverity: rules.resolution.generalMaxSeverity,
      recentCues: pats(rules.resolution.recentCues),
      afterWindow: rules.resolution.afterWindow,
      blockers: words(rules.resolution.blockers),
      notFollowedBy: words(rules.resolution.notFollowedBy),
      bridgeWords: new Set(rules.resolution.bridgeWords.map((s) => (s === ',' ? ',' : canon(s)))),
    },
    history: {
      cues: pats(rules.history?.cues),
      pseudoCues: pats(rules.history?.pseudoCues),
      durationCues: pats(rules.history?.durationCues),
      // Verb forms as written ("desmaiou", "fez"), not canonical words ("desmaio", "fazer" would also be nouns / present).
      pastWords: new Set((rules.history?.pastWords ?? []).map((w) => collapseRepeats(foldText(w)))),
      presentWords: words(rules.history?.presentWords ?? []),
      window: rules.history?.window ?? 0,
      blockers: words(rules.history?.blockers ?? []),
      recurrenceWords: words(rules.history?.recurrenceWords ?? []),
    },
  };
  cache.set(rules, compiled);
  return compiled;
}

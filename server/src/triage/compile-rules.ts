/**
 * Turns validated rule DATA into the structures the engine runs on (lookup
 * maps, parsed patterns). Done once per rules object and cached, so
 * triageMessage stays cheap per message.
 */
import { canonicalWord, collapseRepeats, foldText, tokenizeRuleText, type Lexicon } from './normalize';
import { compilePattern, type CompiledPattern } from './pattern';
import { buildSpellingIndex } from './spelling';
import type { CompiledSubject } from './subject-scope';
import type { Severity, TriageRule, TriageRules } from './rules-schema';

export interface CompiledRule {
  rule: TriageRule;
  /** Position in the file: earlier rules win ties of equal severity. */
  order: number;
  patterns: CompiledPattern[];
  exceptions: CompiledPattern[];
  alsoRequires: CompiledPattern[];
  unlessPresent: CompiledPattern[];
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

/** Blood pressure reading words (vital-signs.ts). */
export interface CompiledBloodPressure {
  /** Words that say the numbers are a blood pressure ("pressao", "pa", "arterial"). */
  contextWords: ReadonlySet<string>;
  /** Between the two numbers: "por", "x", "/", "sobre". */
  separators: ReadonlySet<string>;
  /** How many tokens before the first number a context word may be. */
  contextWindow: number;
  /** Words right after the reading that mean it is something else ("12 por 8 dias"). */
  excludeUnitsAfter: ReadonlySet<string>;
}

export interface CompiledRules {
  version: string;
  maxChars: number;
  lexicon: Lexicon;
  rules: CompiledRule[];
  quantities: CompiledQuantity[];
  /** Blood pressure readings (vital-signs.ts); undefined when the rules define none. */
  bloodPressure: CompiledBloodPressure | undefined;
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
  hypothetical: { cues: CompiledPattern[]; pseudoCues: CompiledPattern[]; conditionWords: ReadonlySet<string> };
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
  /** Who the message is about (subject-scope.ts); undefined when the rules define no `subject`. */
  subject: CompiledSubject | undefined;
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
  const ordinalWords = new Map<string, number>();
  for (const [word, value] of Object.entries(rules.numbers.ordinals)) ordinalWords.set(collapseRepeats(foldText(word)), value);
  const partial: Lexicon = {
    ordinalWords,
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
  const emoji = new Map<string, string>();
  for (const [symbol, word] of Object.entries(rules.normalization.emoji)) {
    const first = String.fromCodePoint(symbol.codePointAt(0) ?? 0);
    emoji.set(first, word);
  }
  // Words of phrases ("prisao de ventre", "coleta de sangue") are known as written: reading "prisao" as
  // "pressao" would break the phrase.
  const plainWords = new Set(phraseDefs.flatMap((def) => def.tokens));
  return { ...partial, phrases, fuzzy: { ...partial.fuzzy, words: fuzzyWords }, emoji, plainWords, memo: new Map() };
}

/**
 * Stage 1 (spelling tolerance): the symptom lexicon (normalization.spelling.words,
 * with every single-word variant of the same canonical word) is what a
 * sound-alike unknown word may be read as. Not every word the rules use: an
 * everyday word ("receita", "cozinha", "anos") must not become a symptom.
 */
function attachSpelling(rules: TriageRules, lexicon: Lexicon): Lexicon {
  const spelling = rules.normalization.spelling;
  if (!spelling) return lexicon;
  const canonicals = new Set<string>();
  const targets: [string, string][] = [];
  for (const w of spelling.words) {
    const word = collapseRepeats(foldText(w));
    const canonical = canonicalWord(word, lexicon, false);
    canonicals.add(canonical);
    targets.push([word, canonical]);
  }
  for (const [variant, canonical] of lexicon.exact) if (canonicals.has(canonical)) targets.push([variant, canonical]);
  for (const { word, canonical } of lexicon.fuzzy.words) if (canonicals.has(canonical)) targets.push([word, canonical]);
  const index = buildSpellingIndex(targets, {
    minWordLength: spelling.minWordLength,
    minKeyLengthForEdit: spelling.minKeyLengthForEdit,
    keep: new Set(spelling.keep),
  });
  return { ...lexicon, spelling: index, memo: new Map() };
}

/** Add the plain words of compiled patterns ("peito", "folheto"): the rules name them as written. */
function addPatternWords(target: Set<string>, patterns: readonly CompiledPattern[]): void {
  for (const p of patterns) {
    for (const el of p.elements) {
      if (el.type !== 'word') continue;
      for (const alt of el.alts) if (alt.kind === 'exact') target.add(alt.word);
    }
  }
}

const cache = new WeakMap<TriageRules, CompiledRules>();

/** Compile (once per rules object) the rules for the engine. */
export function compileRules(rules: TriageRules): CompiledRules {
  const hit = cache.get(rules);
  if (hit) return hit;
  const plainLexicon = buildLexicon(rules);
  const canon = (w: string): string => canonicalWord(w, plainLexicon, false);
  const pats = (list: readonly string[] | undefined): CompiledPattern[] => (list ?? []).map((p) => compilePattern(p, canon));
  const words = (list: readonly string[]): Set<string> => new Set(list.map(canon));
  const seq = (unit: string): string[] => tokenizeRuleText(unit).map(canon);
  const compiledRules = rules.rules.map((rule, order) => ({
    rule,
    order,
    patterns: pats(rule.patterns),
    exceptions: pats(rule.exceptions),
    alsoRequires: pats(rule.alsoRequires),
    unlessPresent: pats(rule.unlessPresent),
  }));
  const lexicon = attachSpelling(rules, plainLexicon);
  const compiled: CompiledRules = {
    version: rules.version,
    maxChars: rules.limits.maxChars,
    lexicon,
    rules: compiledRules,
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
    bloodPressure: rules.bloodPressure
      ? {
          contextWords: words(rules.bloodPressure.contextWords),
          separators: new Set(rules.bloodPressure.separators.map((u) => (u === '/' ? u : (seq(u)[0] ?? u)))),
          contextWindow: rules.bloodPressure.contextWindow,
          excludeUnitsAfter: new Set(rules.bloodPressure.excludeUnitsAfter.map((u) => seq(u)[0] ?? u)),
        }
      : undefined,
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
    hypothetical: {
      cues: pats(rules.hypothetical.cues),
      pseudoCues: pats(rules.hypothetical.pseudoCues),
      conditionWords: new Set(rules.hypothetical.conditionWords.map((w) => collapseRepeats(foldText(w)))),
    },
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
    subject: rules.subject
      ? {
          thirdParty: pats(rules.subject.thirdParty),
          similes: pats(rules.subject.similes),
          notPatient: pats(rules.subject.notPatient),
          visit: pats(rules.subject.visit),
          wellness: pats(rules.subject.wellness),
          writerIsPatient: pats(rules.subject.writerIsPatient),
          contactQuestion: pats(rules.subject.contactQuestion),
          patient: pats(rules.subject.patient),
          forwarded: pats(rules.subject.forwarded),
          figures: pats(rules.subject.figures),
          laughter: pats(rules.subject.laughter),
          jokeContext: pats(rules.subject.jokeContext),
        }
      : undefined,
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
  const plain = compiled.lexicon.plainWords;
  if (plain instanceof Set) {
    const n = compiled.negation;
    const r = compiled.resolution;
    const h = compiled.history;
    addPatternWords(plain, [
      ...compiled.rules.flatMap((cr) => [...cr.patterns, ...cr.exceptions, ...cr.alsoRequires, ...cr.unlessPresent]),
      ...n.cues,
      ...n.pseudoCues,
      ...n.postCues,
      ...compiled.hypothetical.cues,
      ...compiled.hypothetical.pseudoCues,
      ...r.before,
      ...r.after,
      ...r.generalAfter,
      ...r.recentCues,
      ...h.cues,
      ...h.pseudoCues,
      ...h.durationCues,
      ...Object.values(compiled.subject ?? {}).flat(),
    ]);
    for (const q of compiled.quantities) for (const w of q.contextWords) plain.add(w);
  }
  cache.set(rules, compiled);
  return compiled;
}

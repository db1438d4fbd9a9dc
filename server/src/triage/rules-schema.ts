/**
 * The shape of a triage rules file (one per locale, e.g. rules/pt-BR.json)
 * and of a tenant extension, validated with zod when loaded, so a typo in a
 * clinician-edited file fails loudly at startup instead of silently never
 * matching. Patterns are parsed here too (see pattern.ts for the syntax).
 */
import { z } from 'zod';
import { compilePattern } from './pattern';
import { foldText, tokenizeRuleText } from './normalize';

export const SEVERITIES = ['critical', 'high', 'medium', 'none'] as const;
export type Severity = (typeof SEVERITIES)[number];

const patternSchema = z
  .string()
  .min(1)
  .max(400)
  .superRefine((source, ctx) => {
    try {
      compilePattern(source);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
    }
  });

const wordSchema = z.string().regex(/^[a-z0-9_%]+$/, 'a plain lower-case word without accents (a-z, 0-9, _)');
const canonicalSchema = z.string().regex(/^[a-z0-9_]+$/, 'a canonical word is lower-case a-z, 0-9 or _ (no spaces, no accents)');

const variantSchema = z
  .string()
  .min(1)
  .max(120)
  .superRefine((variant, ctx) => {
    const tokens = tokenizeRuleText(variant);
    if (tokens.length === 0) ctx.addIssue({ code: 'custom', message: `variant "${variant}" has no letters or digits` });
    if (variant.endsWith('*') && (tokens.length !== 1 || (tokens[0] ?? '').length < 3)) {
      ctx.addIssue({ code: 'custom', message: `prefix variant "${variant}" must be one word of at least 3 letters before *` });
    }
  });

export const synonymGroupSchema = z.strictObject({
  canonical: canonicalSchema,
  variants: z.array(variantSchema).min(1),
  description: z.string().optional(),
});

const numericConditionSchema = z
  .strictObject({
    quantity: canonicalSchema,
    min: z.number().optional(),
    max: z.number().optional(),
    /** Only a quantity within this many tokens of the match counts; omitted = anywhere in the message (the highest value). */
    near: z.number().int().min(1).max(30).optional(),
    description: z.string().optional(),
  })
  .refine((c) => c.min !== undefined || c.max !== undefined, { message: 'a numeric condition needs "min" and/or "max"' });

export const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'rule ids are lower-case kebab/snake case'),
    symptom: canonicalSchema,
    severity: z.enum(['critical', 'high', 'medium']),
    /** What the rule means clinically, in plain words: the comment a clinician reads. */
    description: z.string().min(1),
    patterns: z.array(patternSchema).default([]),
    /** Matches overlapping one of these are not this symptom ("exame de sangue"). */
    exceptions: z.array(patternSchema).optional(),
    /** The rule only fires if one of these also matches (not negated) somewhere in the message. */
    alsoRequires: z.array(patternSchema).optional(),
    /** The rule does not fire if one of these matches (counted) anywhere in the message ("mas a agua ta ficando"). */
    unlessPresent: z.array(patternSchema).optional(),
    /** Numeric conditions that must all hold (temperature, number of times, pain score). */
    when: z.array(numericConditionSchema).optional(),
    /** The rule does not fire if any of these holds. */
    unless: z.array(numericConditionSchema).optional(),
    /**
     * A discrete event rather than a state (fainting, a seizure, a bleed). "always": saying it is
     * over or that the patient feels better never cancels it, only distant history does ("ano
     * passado"); "recent": the same, but only when the message dates it to the last day or so
     * (resolution.recentCues: "ontem", "essa noite", "hoje cedo"), otherwise "o sangramento parou"
     * still resolves it.
     */
    episode: z.enum(['always', 'recent']).optional(),
    /**
     * Never silent on risk (stage 5): the rule counts whoever it is about ("meu vizinho disse que quer
     * se matar"), however it is framed (a condition, a joke, a forwarded message, the past); only a
     * denial ("nunca pensei em me matar"), an idiom (`subject.figures`) or the rule's `exceptions` stop it.
     */
    neverSilent: z.boolean().optional(),
    /** Messages this rule is meant to catch; the test suite checks each one. */
    examples: z.array(z.string()).optional(),
  })
  .refine((r) => r.patterns.length > 0 || (r.when?.length ?? 0) > 0, {
    message: 'a rule needs "patterns" or a numeric "when" condition',
  });

export const quantitySchema = z.strictObject({
  kind: canonicalSchema,
  description: z.string().min(1),
  /** Accepted values; numbers outside are not this quantity. */
  range: z.tuple([z.number(), z.number()]).optional(),
  /** Unit words right after the number ("vezes", "x", "graus", "de 10"). */
  unitsAfter: z.array(z.string().min(1)).optional(),
  /** Without a unit, a number counts if one of these words is within contextWindow tokens in the same sentence. */
  contextWords: z.array(wordSchema).optional(),
  contextWindow: z.number().int().min(1).max(12).optional(),
  /** Without a unit, a number counts if the word right before it is one of these ("com 39"). */
  adjacentBefore: z.array(wordSchema).optional(),
  /** Without a unit, a number written with a decimal part ("37,9") in range counts. */
  decimalIsEnough: z.boolean().optional(),
  /** A number followed by one of these is never this quantity ("38 anos"). */
  excludeUnitsAfter: z.array(z.string().min(1)).optional(),
});

const negationSchema = z.strictObject({
  description: z.string().min(1),
  /** Words/patterns that negate what follows ("sem", "nao", "nem", "nenhum"). */
  cues: z.array(patternSchema).min(1),
  /** Cue look-alikes that do NOT negate ("nao consigo", "sem parar", "nao passa"). */
  pseudoCues: z.array(patternSchema),
  /** Negation written AFTER the symptom ("febre nao tive", "dor nenhuma"). */
  postCues: z.array(patternSchema),
  /** Words that always end a negation scope ("mas", "porem", "so"). */
  hardTerminators: z.array(wordSchema),
  /** Words that end a scope once it has covered some symptom ("sem febre e COM falta de ar"). */
  softTerminators: z.array(wordSchema),
  /** Function words that do not count as "covered content" for soft terminators. */
  fillerWords: z.array(wordSchema),
  /** A scope never covers more words than this. */
  maxScopeWords: z.number().int().min(1).max(15),
});

const hypotheticalSchema = z.strictObject({
  description: z.string().min(1),
  /** "se eu tiver febre", "pode dar enjoo", "remedio pra dor": not a present symptom. */
  cues: z.array(patternSchema),
  pseudoCues: z.array(patternSchema),
  /**
   * Verbs of the condition itself ("se ela FICAR doze horas sem urinar", "se a febre CONTINUAR"): they do not
   * count as the content that lets a soft terminator ("com") end the condition's scope.
   */
  conditionWords: z.array(wordSchema).default([]),
});

const resolutionSchema = z.strictObject({
  description: z.string().min(1),
  /** Right before the symptom: "ja melhorou a diarreia", "passou a febre". */
  before: z.array(patternSchema),
  /** Shortly after the symptom, the symptom itself is over: "a febre passou", "dor ja melhorou". */
  after: z.array(patternSchema),
  /**
   * Shortly after the symptom, the patient feels better in general: "hoje to melhor", "amanheci
   * bem". Weaker than `after`: it only cancels findings up to `generalMaxSeverity` ("tive febre
   * ontem, hoje to bem" is still a fever to call back about).
   */
  generalAfter: z.array(patternSchema).default([]),
  generalMaxSeverity: z.enum(['critical', 'high', 'medium']).default('high'),
  /** The message dates an event to the last day or so ("ontem", "essa noite"): see rule `episode: "recent"`. */
  recentCues: z.array(patternSchema).default([]),
  afterWindow: z.number().int().min(1).max(8),
  /** A resolution cue preceded by one of these is not a resolution ("nao passou"). */
  blockers: z.array(wordSchema),
  /** A resolution cue followed by one of these is not a resolution ("passou COM dipirona" = controlled). */
  notFollowedBy: z.array(wordSchema),
  /**
   * Besides filler words and numbers, the only words allowed between the
   * symptom and an after-cue ("diarreia MAS HOJE JA passou", "dor DE CABECA
   * passou"); anything else (another symptom) means the cue is not about it.
   */
  bridgeWords: z.array(z.string().min(1)),
});

const historySchema = z.strictObject({
  description: z.string().min(1),
  /** Distant past: "ano passado", "quando era crianca", "historico de", "3 anos atras". */
  cues: z.array(patternSchema),
  /** Cue look-alikes that mean "since then", an ongoing symptom ("desde o ano passado"). */
  pseudoCues: z.array(patternSchema).default([]),
  /**
   * "ha 2 anos", "faz meses": history only in a clause with a past-event verb (pastWords, as written:
   * "teve", "tive", "foi") and no present-tense word (presentWords: "sinto dor ha meses" is ongoing).
   */
  durationCues: z.array(patternSchema).default([]),
  pastWords: z.array(wordSchema).default([]),
  presentWords: z.array(wordSchema).default([]),
  /** A cue covers up to this many tokens on each side, in the same sentence, never across a comma. */
  window: z.number().int().min(1).max(12),
  /** Words that stop a cue's reach: the talk has moved to now ("hoje", "agora", "estou", "desde"). */
  blockers: z.array(wordSchema),
  /** A sentence with one of these is about a recurrence, not history ("teve de novo", "voltou"). */
  recurrenceWords: z.array(wordSchema).default([]),
});

const subjectSchema = z.strictObject({
  description: z.string().min(1),
  /** Someone who is not the patient (neighbour, pet, TV character): their clause does not count. */
  thirdParty: z.array(patternSchema),
  /** Comparison words: a third-party word right after one is not a subject ("respira tipo cachorro cansado"). */
  similes: z.array(patternSchema).default([]),
  /** Said not to be the patient ("nao e paciente"): the sentence does not count, up to where the talk turns to the patient. */
  notPatient: z.array(patternSchema).default([]),
  /** The writer asking to visit or accompany a named relative (the patient): the writer's own symptoms before it are a visitor's. */
  visit: z.array(patternSchema).default([]),
  /**
   * Someone said to be well ("eu to bem", "a mae ta otima", "ela ta bem"): with `writerIsPatient` (the writer
   * is the one in treatment) a relative's symptoms are not the patient's; with `contactQuestion` (may I visit,
   * accompany, travel) the writer's own symptoms are a visitor's.
   */
  wellness: z.array(patternSchema).default([]),
  /** The writer is the one in treatment: "to na quimio", "minha quimio", "a quimio ta mantida?". */
  writerIsPatient: z.array(patternSchema).default([]),
  /** A question about contact with the patient: "posso ficar perto dele?", "posso acompanhar?", "pode viajar?". */
  contactQuestion: z.array(patternSchema).default([]),
  /** The talk is about the patient or the writer ("a paciente e", "eu", "minha mae", "estou com"). */
  patient: z.array(patternSchema).default([]),
  /** A forwarded or chain message: its sentences that are not a report about the patient do not count. */
  forwarded: z.array(patternSchema).default([]),
  /** Idioms whose alarming words are not a symptom ("morrer de rir", "de matar", "mancha de acai"). */
  figures: z.array(patternSchema).default([]),
  /** Laughter ("kkk", "haha", "rsrs"). */
  laughter: z.array(patternSchema).default([]),
  /** In a laughing sentence, these make the alarming words a joke (a game, a bill, the news). */
  jokeContext: z.array(patternSchema).default([]),
});

const bloodPressureSchema = z.strictObject({
  description: z.string().min(1),
  /** A reading counts when one of these is within contextWindow tokens before it ("pressao 12 por 8"), or "mmhg" follows it. */
  contextWords: z.array(wordSchema).min(1),
  /** Between systolic and diastolic: "por", "x", "/". */
  separators: z.array(z.string().min(1)).min(1),
  contextWindow: z.number().int().min(1).max(8),
  /** A number followed by one of these is not a blood pressure ("pressao 2 vezes", "12 por 8 dias"). */
  excludeUnitsAfter: z.array(z.string().min(1)).default([]),
});

export const rulesSchema = z
  .strictObject({
    version: z.string().min(1),
    locale: z.string().min(2),
    description: z.string().min(1),
    limits: z.strictObject({ maxChars: z.number().int().min(100).max(100_000) }),
    normalization: z.strictObject({
      description: z.string().min(1),
      synonyms: z.array(synonymGroupSchema),
      fuzzy: z.strictObject({
        description: z.string().min(1),
        maxDistance: z.number().int().min(1).max(2),
        minLength: z.number().int().min(4).max(20),
        words: z.array(wordSchema),
      }),
      /** Sound-alike matching of unknown words against every word the rules use (phonetic.ts, spelling.ts). */
      spelling: z
        .strictObject({
          description: z.string().min(1),
          /** Words shorter than this are never read as another word. */
          minWordLength: z.number().int().min(3).max(20),
          /** Phonetic keys at least this long also match a key one edit away. */
          minKeyLengthForEdit: z.number().int().min(3).max(30),
          /** The symptom lexicon: these words (and every variant of their canonical word) are what an unknown word may sound like. */
          words: z.array(wordSchema).min(1),
          /** Everyday words that sound like a symptom word and must stay as written ("diaria"). */
          keep: z.array(wordSchema),
        })
        .optional(),
      /** Emoji that stand for a symptom, read as this word ("🤒": "febre"). Keys are one emoji (its first code point). */
      emoji: z.record(z.string().min(1).max(8), canonicalSchema).default({}),
    }),
    numbers: z.strictObject({
      description: z.string().min(1),
      words: z.record(wordSchema, z.number()),
      /** "<integer> e <word>" adds this fraction: "38 e meio" = 38.5, "37 e pouco" = 37.5. */
      fractions: z.record(wordSchema, z.number().min(0).max(0.99)).default({}),
      /** Ordinals count only before "vez": "a quarta vez" = 4 times ("quarta" alone is Wednesday). */
      ordinals: z.record(wordSchema, z.number().int().min(1).max(20)).default({}),
    }),
    quantities: z.array(quantitySchema),
    /** Blood pressure readings (two numbers), read as the quantities "systolic" and "diastolic" (vital-signs.ts). */
    bloodPressure: bloodPressureSchema.optional(),
    negation: negationSchema,
    hypothetical: hypotheticalSchema,
    resolution: resolutionSchema,
    history: historySchema.optional(),
    /** Who the message is about (stage 3, subject-scope.ts). */
    subject: subjectSchema.optional(),
    rules: z.array(ruleSchema).min(1),
  })
  .superRefine((rules, ctx) => {
    const ids = new Set<string>();
    rules.rules.forEach((rule, i) => {
      if (ids.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${rule.id}"` });
      ids.add(rule.id);
    });
    const kinds = new Set(rules.quantities.map((q) => q.kind));
    if (rules.bloodPressure) kinds.add('systolic').add('diastolic');
    rules.rules.forEach((rule, i) => {
      for (const cond of [...(rule.when ?? []), ...(rule.unless ?? [])]) {
        if (!kinds.has(cond.quantity)) {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i],
            message: `rule "${rule.id}" uses unknown quantity "${cond.quantity}" (known: ${[...kinds].join(', ')})`,
          });
        }
      }
    });
    // A single-word variant must map to one canonical word only, and a
    // canonical word cannot itself be remapped: otherwise the meaning of a
    // word would depend on group order.
    const owner = new Map<string, string>();
    const canonicals = new Set(rules.normalization.synonyms.map((g) => g.canonical));
    rules.normalization.synonyms.forEach((group, gi) => {
      group.variants.forEach((variant, vi) => {
        const key = foldText(variant).trim().replace(/\s+/g, ' ');
        const prev = owner.get(key);
        if (prev !== undefined && prev !== group.canonical) {
          ctx.addIssue({
            code: 'custom',
            path: ['normalization', 'synonyms', gi, 'variants', vi],
            message: `variant "${variant}" already maps to "${prev}", cannot also map to "${group.canonical}"`,
          });
        }
        if (canonicals.has(key) && key !== group.canonical) {
          ctx.addIssue({
            code: 'custom',
            path: ['normalization', 'synonyms', gi, 'variants', vi],
            message: `variant "${variant}" is itself a canonical word; it cannot be remapped to "${group.canonical}"`,
          });
        }
        owner.set(key, group.canonical);
      });
    });
  });

/** A validated rules set (what triageMessage takes). */
export type TriageRules = z.output<typeof rulesSchema>;
export type TriageRule = TriageRules['rules'][number];
export type SynonymGroup = z.output<typeof synonymGroupSchema>;

/**
 * A tenant extension: ADDS rules, synonyms and cues to a base rules set. It
 * cannot remove or redefine base rules (clinical safety: a tenant cannot
 * silently switch off the fever rule).
 */
export const rulesExtensionSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'extension name is lower-case kebab case'),
  version: z.string().min(1),
  locale: z.string().min(2).optional(),
  description: z.string().optional(),
  synonyms: z.array(synonymGroupSchema).optional(),
  fuzzyWords: z.array(wordSchema).optional(),
  negationCues: z.array(patternSchema).optional(),
  pseudoNegationCues: z.array(patternSchema).optional(),
  hypotheticalCues: z.array(patternSchema).optional(),
  rules: z.array(ruleSchema).optional(),
});
export type TriageRulesExtension = z.input<typeof rulesExtensionSchema>;

export class TriageRulesError extends Error {
  constructor(
    message: string,
    readonly issues: readonly z.core.$ZodIssue[] = [],
  ) {
    super(message);
    this.name = 'TriageRulesError';
  }
}

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new TriageRulesError(`${what} is invalid:\n${z.prettifyError(parsed.error)}`, parsed.error.issues);
  }
  return parsed.data;
}

/** Rules objects are shared (and cached by identity), so they are made immutable. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Validate a rules file (already parsed from JSON). Throws TriageRulesError with every problem listed. Returns a frozen object. */
export function loadRules(input: unknown): TriageRules {
  return deepFreeze(parseOrThrow(rulesSchema, input, 'triage rules'));
}

/**
 * Callers may extend per message (a tenant's stored extension); validating and
 * compiling the merged rules costs tens of milliseconds, so the outcome
 * (rules or error) is memoised per base object and extension content.
 */
const extendCache = new WeakMap<TriageRules, Map<string, TriageRules | TriageRulesError>>();
const EXTEND_CACHE_SIZE = 64;

/**
 * Merge a tenant extension into base rules and validate the result. The
 * returned rules version is "<base>+<name>.<version>", so every triage result
 * records exactly which rules produced it. Returns a frozen object; the same
 * extension content returns the same object.
 */
export function extendRules(base: TriageRules, extension: unknown): TriageRules {
  let key: string | undefined;
  try {
    key = JSON.stringify(extension);
  } catch {
    key = undefined; // circular or BigInt: not cacheable, validation will report it
  }
  let perBase = extendCache.get(base);
  const hit = key === undefined ? undefined : perBase?.get(key);
  if (hit instanceof TriageRulesError) throw hit;
  if (hit) return hit;
  let outcome: TriageRules | TriageRulesError;
  try {
    outcome = deepFreeze(mergeExtension(base, extension));
  } catch (err) {
    if (!(err instanceof TriageRulesError)) throw err;
    outcome = err;
  }
  if (key !== undefined) {
    if (!perBase) {
      perBase = new Map();
      extendCache.set(base, perBase);
    }
    if (perBase.size >= EXTEND_CACHE_SIZE) {
      const oldest = perBase.keys().next().value;
      if (oldest !== undefined) perBase.delete(oldest);
    }
    perBase.set(key, outcome);
  }
  if (outcome instanceof TriageRulesError) throw outcome;
  return outcome;
}

function mergeExtension(base: TriageRules, extension: unknown): TriageRules {
  const ext = parseOrThrow(rulesExtensionSchema, extension, 'triage rules extension');
  if (ext.locale !== undefined && ext.locale !== base.locale) {
    throw new TriageRulesError(`triage rules extension "${ext.name}" is for locale ${ext.locale}, base rules are ${base.locale}`);
  }
  const baseIds = new Set(base.rules.map((r) => r.id));
  const clash = (ext.rules ?? []).find((r) => baseIds.has(r.id));
  if (clash) {
    throw new TriageRulesError(
      `triage rules extension "${ext.name}": rule id "${clash.id}" already exists in the base rules; extensions can only add rules`,
    );
  }
  const merged = {
    ...base,
    version: `${base.version}+${ext.name}.${ext.version}`,
    normalization: {
      ...base.normalization,
      synonyms: [...base.normalization.synonyms, ...(ext.synonyms ?? [])],
      fuzzy: { ...base.normalization.fuzzy, words: [...base.normalization.fuzzy.words, ...(ext.fuzzyWords ?? [])] },
    },
    negation: {
      ...base.negation,
      cues: [...base.negation.cues, ...(ext.negationCues ?? [])],
      pseudoCues: [...base.negation.pseudoCues, ...(ext.pseudoNegationCues ?? [])],
    },
    hypothetical: { ...base.hypothetical, cues: [...base.hypothetical.cues, ...(ext.hypotheticalCues ?? [])] },
    rules: [...base.rules, ...(ext.rules ?? [])],
  };
  return parseOrThrow(rulesSchema, merged, `triage rules extended with "${ext.name}"`);
}

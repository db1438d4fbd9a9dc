/**
 * Context around a symptom mention that changes its meaning:
 *  - negation with a scope ("sem febre", "nao estou com falta de ar"), which
 *    ends at "mas"/"porem", at a sentence end, or at a new assertion once it
 *    has covered a symptom ("sem febre e COM falta de ar");
 *  - hypotheticals ("se eu tiver febre", "pode dar enjoo", "remedio pra dor");
 *  - negation after the symptom ("dor nenhuma", "febre nao tive");
 *  - resolution ("a febre passou", "ja melhorou a diarreia"), and general
 *    improvement ("hoje to melhor"), which only cancels milder findings;
 *  - distant history ("a convulsao foi ano passado", "historico de desmaio"),
 *    which is not a current symptom.
 * This is the NegEx idea (cues, pseudo-cues, terminators) with pt-BR data
 * from the rules file.
 */
import type { CompiledRules } from './compile-rules';
import type { Token } from './normalize';
import { findAll, matchAt, type CompiledPattern, type Span } from './pattern';

export interface MessageContext {
  /** 1 where the token lies inside a negation scope. */
  negated: Uint8Array;
  /** 1 where the token lies inside a hypothetical scope. */
  hypothetical: Uint8Array;
  /** Token index where each valid "resolved before" cue ends. */
  resolvedBeforeEnds: ReadonlySet<number>;
  /** Valid "resolved after" cue start indexes, ascending. */
  resolvedAfterStarts: readonly number[];
  /** Valid "feels better in general" cue start indexes, ascending. */
  generalAfterStarts: readonly number[];
  /** 1 where the token lies in the reach of a distant-history cue ("ano passado"). */
  historical: Uint8Array;
  /** The message dates something to the last day or so ("ontem", "essa noite"). */
  recent: boolean;
  /** 1 where a negation cue or pseudo-cue starts ("sem apetite", "nao consigo"). */
  cueStart: Uint8Array;
}

function spansOf(patterns: readonly CompiledPattern[], tokens: readonly Token[]): Span[] {
  const spans: Span[] = [];
  for (const p of patterns) spans.push(...findAll(p, tokens));
  return spans.sort((a, b) => a.start - b.start || a.end - b.end);
}

function markScopes(
  target: Uint8Array,
  cues: readonly Span[],
  tokens: readonly Token[],
  breakAt: ReadonlySet<number>,
  rules: CompiledRules,
  extraFillers: ReadonlySet<string> = new Set(),
): void {
  const { hardTerminators, softTerminators, fillerWords, maxScopeWords } = rules.negation;
  for (const cue of cues) {
    const first = tokens[cue.end];
    // "Nao, to com febre": a cue followed by punctuation is an answer, not a scope.
    if (!first || first.kind === 'punct' || first.kind === 'boundary') continue;
    let words = 0;
    let sawContent = false;
    for (let j = cue.end; j < tokens.length; j++) {
      const tok = tokens[j];
      if (!tok || tok.kind === 'boundary') break;
      if (j > cue.end && breakAt.has(j)) break;
      if (hardTerminators.has(tok.text)) break;
      const soft = softTerminators.has(tok.text);
      if (soft && sawContent) break;
      target[j] = 1;
      if (tok.kind === 'word' || tok.kind === 'number') {
        words += 1;
        if (!soft && !fillerWords.has(tok.text) && !extraFillers.has(tok.text)) sawContent = true;
        if (words >= maxScopeWords) break;
      }
    }
  }
}

/** "nada disso", "nenhum desses": a denial of the list just before it. */
const LIST_DENIAL_HEAD = new Set(['nada', 'nenhum', 'nenhuma']);
const LIST_DENIAL_TAIL = new Set(['disso', 'desses', 'dessas', 'deles', 'delas', 'dos', 'das']);
/** A list is short: a denial reaches back at most this many words. */
const MAX_DENIED_LIST_WORDS = 10;

/**
 * "febre, vomito, diarreia: nada disso, gracas a Deus": the list before
 * "nada disso" is denied, in its own sentence (after ":") or the same one.
 */
function markDeniedLists(negated: Uint8Array, tokens: readonly Token[]): void {
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (!LIST_DENIAL_HEAD.has(tokens[i]?.text ?? '') || !LIST_DENIAL_TAIL.has(tokens[i + 1]?.text ?? '')) continue;
    // Only as an answer on its own ("nada disso.", "nada disso, gracas a Deus"): "nada disso melhorou" is no denial.
    const after = tokens[i + 2];
    if (after && after.kind !== 'boundary' && after.kind !== 'punct' && after.text !== 'gracas') continue;
    let k = i - 1;
    if (tokens[k]?.kind === 'boundary' || tokens[k]?.kind === 'punct') k--;
    let words = 0;
    let start = k + 1;
    for (; k >= 0; k--) {
      const tok = tokens[k];
      if (!tok || tok.kind === 'boundary') break;
      if (tok.kind === 'word' || tok.kind === 'number') words += 1;
      if (words > MAX_DENIED_LIST_WORDS) break;
      start = k;
    }
    if (words <= MAX_DENIED_LIST_WORDS) negated.fill(1, start, i);
  }
}

/** Words a threshold question asks with ("a partir de quanto", "qual o limite", "acima de quantos graus"). */
const THRESHOLD_QUESTION = new Set([
  'quanto',
  'quantos',
  'quantas',
  'qual',
  'quais',
  'partir',
  'acima',
  'abaixo',
  'limite',
  'maior',
  'menor',
]);
/** Words that may stand beside the numbers of a guessed answer: "37,8 ne?", "37,5 ou 37,8?", "38 graus mesmo?". */
const ANSWER_FILLER = new Set(['ne', 'ou', 'e', 'mesmo', 'isso', 'entao', 'tipo', 'graus', 'grau', 'c', 'seria', 'sera', 'eh']);

/**
 * "A partir de quanto e febre? 37,5 ou 37,8?": a question made only of numbers
 * right after a threshold question is a guessed answer, not a reading. The
 * first question is already a condition (hypothetical cues); its answer is too.
 */
function markCandidateAnswers(hypothetical: Uint8Array, tokens: readonly Token[]): void {
  // "... e considerado febre, 37,5 ou 37,8?": the alternative offered after "ou" is as hypothetical as the first.
  for (let i = 2; i < tokens.length; i++) {
    if (tokens[i]?.kind === 'number' && tokens[i - 1]?.text === 'ou' && tokens[i - 2]?.kind === 'number' && hypothetical[i - 2] === 1) {
      hypothetical[i - 1] = 1;
      hypothetical[i] = 1;
    }
  }
  let previousWasThresholdQuestion = false;
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const tok = tokens[i];
    if (i < tokens.length && tok?.kind !== 'boundary') continue;
    const isQuestion = tok?.folded.includes('?') ?? false;
    const words = tokens.slice(start, i).filter((t) => t.kind === 'word' || t.kind === 'number');
    const onlyNumbers = words.some((t) => t.kind === 'number') && words.every((t) => t.kind === 'number' || ANSWER_FILLER.has(t.text));
    if (isQuestion && onlyNumbers && previousWasThresholdQuestion) hypothetical.fill(1, start, i);
    previousWasThresholdQuestion = isQuestion && tokens.slice(start, i).some((t) => THRESHOLD_QUESTION.has(t.text));
    start = i + 1;
  }
}

export function analyseContext(tokens: readonly Token[], rules: CompiledRules): MessageContext {
  const n = tokens.length;
  const pseudo = spansOf([...rules.negation.pseudoCues, ...rules.hypothetical.pseudoCues], tokens);
  const inPseudo = new Uint8Array(n);
  for (const p of pseudo) inPseudo.fill(1, p.start, p.end);
  const notPseudo = (s: Span): boolean => !inPseudo.subarray(s.start, s.end).includes(1);
  const negCues = spansOf(rules.negation.cues, tokens).filter(notPseudo);
  const hypoCues = spansOf(rules.hypothetical.cues, tokens).filter(notPseudo);
  // A new cue, or a pseudo-cue ("nao consigo"), starts a new clause.
  const breakAt = new Set<number>([...negCues, ...hypoCues, ...pseudo].map((s) => s.start));
  const negated = new Uint8Array(n);
  const hypothetical = new Uint8Array(n);
  markScopes(negated, negCues, tokens, breakAt, rules);
  // A negation inside a condition stays inside it: "se ela ficar doze horas SEM urinar" is still a condition.
  const hypoBreakAt = new Set<number>([...hypoCues, ...spansOf(rules.hypothetical.pseudoCues, tokens)].map((s) => s.start));
  markScopes(hypothetical, hypoCues, tokens, hypoBreakAt, rules, rules.hypothetical.conditionWords);
  markCandidateAnswers(hypothetical, tokens);
  markDeniedLists(negated, tokens);

  const { blockers, notFollowedBy } = rules.resolution;
  const { fillerWords } = rules.negation;
  const valid = (s: Span): boolean => {
    const before = tokens[s.start - 1];
    if (before && blockers.has(before.text)) return false;
    // "passou com dipirona", "melhorou bastante com o tramal": relieved, not over.
    let after = tokens[s.end];
    if (after && fillerWords.has(after.text) && !notFollowedBy.has(after.text)) after = tokens[s.end + 1];
    return !(after && notFollowedBy.has(after.text));
  };
  const resolvedBeforeEnds = new Set(
    spansOf(rules.resolution.before, tokens)
      .filter(valid)
      .map((s) => s.end),
  );
  const startsOf = (patterns: readonly CompiledPattern[]): number[] =>
    [
      ...new Set(
        spansOf(patterns, tokens)
          .filter(valid)
          .map((s) => s.start),
      ),
    ].sort((a, b) => a - b);
  const resolvedAfterStarts = startsOf(rules.resolution.after);
  const generalAfterStarts = startsOf(rules.resolution.generalAfter);
  const cueStart = new Uint8Array(n);
  for (const s of [...negCues, ...pseudo]) cueStart[s.start] = 1;
  const recent = spansOf(rules.resolution.recentCues, tokens).length > 0;
  return {
    negated,
    hypothetical,
    resolvedBeforeEnds,
    resolvedAfterStarts,
    generalAfterStarts,
    historical: markHistory(tokens, rules),
    recent,
    cueStart,
  };
}

/**
 * Distant history: a cue ("ano passado", "historico de", "quando era
 * crianca") covers up to `window` tokens on each side in its sentence, never
 * across a comma or a blocker ("hoje", "agora", "estou": the talk is back to
 * now). Duration cues ("ha 2 anos") count only in a clause with a past-event
 * verb and no present-tense word ("sinto dor ha meses" is ongoing). A sentence
 * about a recurrence ("teve de novo") is never history.
 */
function markHistory(tokens: readonly Token[], rules: CompiledRules): Uint8Array {
  const n = tokens.length;
  const out = new Uint8Array(n);
  const h = rules.history;
  if (h.window === 0 || (h.cues.length === 0 && h.durationCues.length === 0)) return out;
  // One pass: sentence and clause (comma-delimited) of each token; which clauses have past or
  // present-tense words, which sentences mention a recurrence.
  const sentenceOf = new Uint32Array(n);
  const clauseOf = new Uint32Array(n);
  const past: boolean[] = [false];
  const present: boolean[] = [false];
  const recurrence: boolean[] = [false];
  let sentence = 0;
  let clause = 0;
  for (let i = 0; i < n; i++) {
    const tok = tokens[i];
    if (!tok) continue;
    if (tok.kind === 'boundary') {
      sentence += 1;
      recurrence.push(false);
    }
    if (tok.kind === 'boundary' || tok.text === ',') {
      clause += 1;
      past.push(false);
      present.push(false);
    }
    sentenceOf[i] = sentence;
    clauseOf[i] = clause;
    if (h.pastWords.has(tok.folded)) past[clause] = true;
    if (h.presentWords.has(tok.text)) present[clause] = true;
    if (h.recurrenceWords.has(tok.text)) recurrence[sentence] = true;
  }
  const pseudo = spansOf(h.pseudoCues, tokens);
  const inPseudo = new Uint8Array(n);
  for (const p of pseudo) inPseudo.fill(1, p.start, p.end);
  const real = (s: Span): boolean => !inPseudo.subarray(s.start, s.end).includes(1);
  const cues = [
    ...spansOf(h.cues, tokens).filter(real),
    ...spansOf(h.durationCues, tokens)
      .filter(real)
      .filter((s) => past[clauseOf[s.start] ?? 0] === true && present[clauseOf[s.start] ?? 0] !== true),
  ];
  const stops = (tok: Token | undefined): boolean => !tok || tok.kind === 'boundary' || tok.text === ',' || h.blockers.has(tok.text);
  for (const cue of cues) {
    if (recurrence[sentenceOf[cue.start] ?? 0]) continue;
    out.fill(1, cue.start, cue.end);
    // A cue set off by commas at the end of a clause dates the clause before it: "teve hemorragia, ano
    // retrasado" / "desmaiou na primeira quimio, ano passado, e dessa vez...".
    const after = tokens[cue.end];
    const closes = !after || after.kind === 'boundary' || after.text === ',';
    let commaPass = closes && tokens[cue.start - 1]?.text === ',' ? 1 : 0;
    for (let j = cue.start - 1, k = 0; j >= 0 && k < h.window; j--, k++) {
      const tok = tokens[j];
      if (tok?.text === ',' && commaPass > 0) {
        commaPass -= 1;
        continue;
      }
      if (stops(tok)) break;
      out[j] = 1;
    }
    for (let j = cue.end, k = 0; j < n && k < h.window && !stops(tokens[j]); j++, k++) out[j] = 1;
  }
  return out;
}

/**
 * "dor nenhuma", "febre nao tive": negation written after the mention. Not
 * when the mention itself starts with a negation word: "sem energia
 * nenhuma", "sem fome nenhuma" are emphatic, the symptom is present.
 */
export function isPostNegated(tokens: readonly Token[], span: Span, ctx: MessageContext, rules: CompiledRules): boolean {
  const head = tokens[span.start];
  if (ctx.cueStart[span.start] === 1 || (head && rules.negation.cueWords.has(head.folded.split(' ')[0] ?? ''))) return false;
  let at = span.end;
  const next = tokens[at];
  // "febre, nao tive" and the question-and-answer style "Febre? Nao."
  if (next?.text === ',' || (next?.kind === 'boundary' && next.folded.includes('?'))) at += 1;
  return rules.negation.postCues.some((p) => matchAt(p, tokens, at) > at);
}

/**
 * "a febre passou", "ja melhorou a diarreia", "parei de vomitar"; with
 * `general`, also "hoje to melhor" (the patient feels better overall).
 */
export function isResolved(tokens: readonly Token[], span: Span, ctx: MessageContext, rules: CompiledRules, general = true): boolean {
  const filler = rules.negation.fillerWords;
  // Before: the cue ends at the mention, or only articles ("a", "da") lie between.
  for (let k = 0; k <= 2; k++) {
    const end = span.start - k;
    if (end < 0) break;
    if (k > 0) {
      const between = tokens[end];
      if (!between || !filler.has(between.text)) break;
    }
    if (ctx.resolvedBeforeEnds.has(end)) return true;
  }
  // After: a cue shortly after the mention, bridged only by filler/time/body
  // words ("a dor de cabeca ja passou"), never by another symptom.
  const { afterWindow, bridgeWords } = rules.resolution;
  const cueLists = general ? [ctx.resolvedAfterStarts, ctx.generalAfterStarts] : [ctx.resolvedAfterStarts];
  for (const starts of cueLists) {
    for (const start of starts) {
      if (start < span.end) continue;
      if (start - span.end > afterWindow) break;
      let clean = true;
      for (let j = span.end; j < start; j++) {
        const tok = tokens[j];
        const bridges = tok !== undefined && (tok.kind === 'number' || filler.has(tok.text) || bridgeWords.has(tok.text));
        if (!bridges) {
          clean = false;
          break;
        }
      }
      if (clean) return true;
    }
  }
  return false;
}

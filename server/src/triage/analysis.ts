/**
 * What the pipeline knows about one message before any rule is tried: its
 * tokens (stage 1, spelling), quantities (stage 2, vital signs), and for every
 * token whether it is negated, hypothetical, history or resolved (when) and
 * whether it is about the patient (stage 3, who). The rules (triage-engine.ts)
 * and the learned model (model-features.ts) both read this.
 */
import type { CompiledRules } from './compile-rules';
import { normalize, type Token } from './normalize';
import type { Span } from './pattern';
import { extractQuantities, type Quantity } from './quantities';
import type { Severity, TriageRule } from './rules-schema';
import { analyseContext, isPostNegated, isResolved, type MessageContext } from './scopes';
import { markSubjects, SUBJECT, SUBJECT_REASON, type SubjectCode } from './subject-scope';
import { extractBloodPressure } from './vital-signs';

export const RANK: Record<Severity, number> = { none: 0, medium: 1, high: 2, critical: 3 };

export interface Analysis {
  tokens: Token[];
  ctx: MessageContext;
  /** Who each token is about (stage 3, subject-scope.ts): 0 the patient. */
  subject: Uint8Array;
  quantities: Quantity[];
  rules: CompiledRules;
}

/**
 * Why a mention does not count, or undefined when it does. A mention counts
 * unless negated, hypothetical, distant history, resolved, or not about the
 * patient (stage 3). Resolution depends on the rule: general improvement ("hoje
 * to melhor") only cancels findings up to resolution.generalMaxSeverity, and an
 * episode (fainting, seizure) is never cancelled by it being over (see rule
 * `episode`). Without a rule (a temperature reading), only a cue about the
 * symptom itself resolves it ("a febre de 39 ja passou"). A `neverSilent` rule
 * (stage 5, self-harm) is stopped only by a denial or an idiom.
 */
export function whyNotCounted(a: Analysis, span: Span, rule?: TriageRule): string | undefined {
  if (a.ctx.negated[span.start] === 1 || isPostNegated(a.tokens, span, a.ctx, a.rules)) return 'denied';
  const subject = a.subject.subarray(span.start, span.end);
  if (subject.includes(SUBJECT.figureOfSpeech)) return SUBJECT_REASON[SUBJECT.figureOfSpeech];
  if (rule?.neverSilent) return undefined;
  const other = subject.find((code) => code !== 0);
  if (other !== undefined) return SUBJECT_REASON[other as Exclude<SubjectCode, 0>];
  if (a.ctx.hypothetical[span.start] === 1) return 'a condition or a question, not a report';
  if (a.ctx.historical.subarray(span.start, span.end).includes(1)) return 'distant history';
  if (rule?.episode === 'always' || (rule?.episode === 'recent' && a.ctx.recent)) return undefined;
  const general = rule !== undefined && RANK[rule.severity] <= RANK[a.rules.resolution.generalMaxSeverity];
  return isResolved(a.tokens, span, a.ctx, a.rules, general) ? 'over' : undefined;
}

export function isCounted(a: Analysis, span: Span, rule?: TriageRule): boolean {
  return whyNotCounted(a, span, rule) === undefined;
}

/** Stages 1-3 for one (capped) message: tokens, context (when), subject (who), quantities (vital signs). */
export function analyse(text: string, rules: CompiledRules): Analysis {
  const tokens = normalize(text, rules.lexicon);
  const ctx = analyseContext(tokens, rules);
  const draft: Analysis = { tokens, ctx, subject: markSubjects(tokens, rules.subject), quantities: [], rules };
  // Readings judged on their own, message-wide (a temperature), must not be
  // negated, hypothetical or resolved: "nao tive 38", "se der 38", "a febre de
  // 39 ja passou". A count next to a symptom ("nao faço xixi faz 6 horas")
  // belongs to that symptom, whose own negation already decides.
  // Stage 2: a blood pressure reading ("12 por 8") owns its numbers; no other quantity reads them.
  const pressure = extractBloodPressure(tokens, rules.bloodPressure);
  const single = extractQuantities(tokens, rules.quantities).filter((q) => !pressure.some((p) => p.start < q.end && q.start < p.end));
  draft.quantities = [...single, ...pressure].filter((q) => !rules.messageLevelQuantities.has(q.kind) || isCounted(draft, q));
  return draft;
}

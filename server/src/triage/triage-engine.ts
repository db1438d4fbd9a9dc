/**
 * Symptom triage of one patient message: normalise, find every rule match,
 * drop the ones that are negated, hypothetical, resolved or excepted, check
 * numeric conditions, and report the most severe finding. Pure and
 * synchronous; all clinical knowledge lives in the rules DATA
 * (rules/pt-BR.json), none in this file.
 *
 * It never throws: input is coerced to a string and capped (rules
 * limits.maxChars), matching is bounded (see pattern.ts), and an unexpected
 * internal error is reported in `error` (treat it as "needs a human").
 */
import { compileRules, type CompiledRule, type CompiledRules } from './compile-rules';
import { capText, normalize, type Token } from './normalize';
import { findAll, type Span } from './pattern';
import { extractQuantities, type Quantity } from './quantities';
import { analyseContext, isPostNegated, isResolved, type MessageContext } from './scopes';
import { loadRules, type Severity, type TriageRule, type TriageRules } from './rules-schema';
import ptBR from './rules/pt-BR.json';

export type { Severity } from './rules-schema';

export interface TriageFinding {
  ruleId: string;
  /** Short English key: fever, dyspnea, chest_pain, bleeding, ... */
  symptom: string;
  severity: Exclude<Severity, 'none'>;
  /** The matched span(s) of the original text, as the patient wrote it. */
  evidence: string;
  /** Offsets of the evidence in the original text (end exclusive). */
  start: number;
  end: number;
}

export interface TriageResult {
  severity: Severity;
  /** Symptom of the most severe finding; '' when severity is none. */
  symptom: string;
  /** Evidence of the most severe finding; '' when severity is none. */
  evidence: string;
  ruleId?: string;
  /** Version of the rules that produced this result (audit trail). */
  rulesVersion: string;
  /** Every rule that fired, most severe first (one finding per rule). */
  findings: TriageFinding[];
  /** The message was longer than the analysed limit; only its start was read. */
  truncated: boolean;
  /** Set only if triage failed unexpectedly: route the message to a human. */
  error?: string;
}

/** The built-in pt-BR rules, validated at load. */
export const defaultRules: TriageRules = loadRules(ptBR);

const RANK: Record<Severity, number> = { none: 0, medium: 1, high: 2, critical: 3 };

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

interface Analysis {
  tokens: Token[];
  ctx: MessageContext;
  quantities: Quantity[];
  rules: CompiledRules;
}

/**
 * A mention counts unless negated, hypothetical, distant history or resolved.
 * Resolution depends on the rule: general improvement ("hoje to melhor") only
 * cancels findings up to resolution.generalMaxSeverity, and an episode
 * (fainting, seizure) is never cancelled by it being over (see rule `episode`).
 * Without a rule (a temperature reading), only a cue about the symptom itself
 * resolves it ("a febre de 39 ja passou").
 */
function isCounted(a: Analysis, span: Span, rule?: TriageRule): boolean {
  if (
    a.ctx.negated[span.start] === 1 ||
    a.ctx.hypothetical[span.start] === 1 ||
    a.ctx.historical.subarray(span.start, span.end).includes(1) ||
    isPostNegated(a.tokens, span, a.ctx, a.rules)
  ) {
    return false;
  }
  if (rule?.episode === 'always' || (rule?.episode === 'recent' && a.ctx.recent)) return true;
  const general = rule !== undefined && RANK[rule.severity] <= RANK[a.rules.resolution.generalMaxSeverity];
  return !isResolved(a.tokens, span, a.ctx, a.rules, general);
}

function tokenDistance(span: Span, q: Quantity): number {
  if (q.start >= span.end) return q.start - span.end;
  if (span.start >= q.end) return span.start - q.end;
  return 0;
}

type Condition = NonNullable<TriageRule['when']>[number];

/** The quantity a condition looks at: the nearest one (near) or the highest in the message. */
function pickQuantity(a: Analysis, cond: Condition, span: Span | undefined): Quantity | undefined {
  let best: Quantity | undefined;
  for (const q of a.quantities) {
    if (q.kind !== cond.quantity) continue;
    if (cond.near !== undefined) {
      if (!span) continue;
      const d = tokenDistance(span, q);
      if (d > cond.near) continue;
      if (!best || d < tokenDistance(span, best)) best = q;
    } else if (!best || q.value > best.value) {
      best = q;
    }
  }
  return best;
}

function holds(cond: Condition, q: Quantity | undefined): boolean {
  if (!q) return false;
  return (cond.min === undefined || q.value >= cond.min) && (cond.max === undefined || q.value <= cond.max);
}

/** Grow a quantity's span back to a context word just before it ("febre de 38,5"). */
function withContext(a: Analysis, q: Quantity): Span {
  const kind = a.rules.quantities.find((k) => k.kind === q.kind);
  if (!kind) return q;
  for (let k = 1; k <= 3; k++) {
    const tok = a.tokens[q.start - k];
    if (!tok || tok.kind === 'boundary') break;
    if (kind.contextWords.has(tok.text)) return { start: q.start - k, end: q.end };
  }
  return q;
}

function evidenceOf(text: string, tokens: readonly Token[], spans: readonly Span[]): { evidence: string; start: number; end: number } {
  const sorted = [...spans].sort((x, y) => x.start - y.start);
  const parts: string[] = [];
  let start = Infinity;
  let end = -Infinity;
  let current: Span | undefined;
  const flush = (s: Span): void => {
    const a = tokens[s.start]?.start ?? 0;
    const b = tokens[s.end - 1]?.end ?? a;
    parts.push(text.slice(a, b));
    start = Math.min(start, a);
    end = Math.max(end, b);
  };
  // Spans in the same sentence and close together are quoted as one piece.
  for (const s of sorted) {
    if (current && s.start - current.end <= 8 && !tokens.slice(current.end, s.start).some((t) => t.kind === 'boundary')) {
      current = { start: current.start, end: Math.max(current.end, s.end) };
    } else {
      if (current) flush(current);
      current = s;
    }
  }
  if (current) flush(current);
  return { evidence: parts.join(' … '), start: Number.isFinite(start) ? start : 0, end: Number.isFinite(end) ? end : 0 };
}

function evaluateRule(text: string, a: Analysis, cr: CompiledRule): TriageFinding | undefined {
  const { rule } = cr;
  for (const cond of rule.unless ?? []) {
    if (cond.near === undefined && holds(cond, pickQuantity(a, cond, undefined))) return undefined;
  }
  if (cr.alsoRequires.length > 0) {
    const present = cr.alsoRequires.some((p) => findAll(p, a.tokens).some((s) => isCounted(a, s, rule)));
    if (!present) return undefined;
  }
  const candidates: Span[] = [];
  if (cr.patterns.length > 0) {
    for (const p of cr.patterns) candidates.push(...findAll(p, a.tokens));
    candidates.sort((x, y) => x.start - y.start || x.end - y.end);
  } else {
    // A purely numeric rule (a temperature reading): its candidate is the quantity itself.
    const first = rule.when?.[0];
    const q = first ? pickQuantity(a, first, undefined) : undefined;
    if (q) candidates.push(withContext(a, q));
  }
  const exceptions = cr.exceptions.flatMap((p) => findAll(p, a.tokens));
  for (const span of candidates) {
    if (cr.patterns.length > 0 && !isCounted(a, span, rule)) continue;
    if (exceptions.some((e) => e.start < span.end && span.start < e.end)) continue;
    if ((rule.unless ?? []).some((c) => c.near !== undefined && holds(c, pickQuantity(a, c, span)))) continue;
    const used: Span[] = [span];
    let ok = true;
    for (const cond of rule.when ?? []) {
      const q = pickQuantity(a, cond, span);
      if (!holds(cond, q)) {
        ok = false;
        break;
      }
      if (q && cond.near !== undefined) used.push(q);
    }
    if (!ok) continue;
    const ev = evidenceOf(text, a.tokens, used);
    return { ruleId: rule.id, symptom: rule.symptom, severity: rule.severity, ...ev };
  }
  return undefined;
}

function analyse(text: string, rules: CompiledRules): Analysis {
  const tokens = normalize(text, rules.lexicon);
  const ctx = analyseContext(tokens, rules);
  const draft: Analysis = { tokens, ctx, quantities: [], rules };
  // Readings judged on their own, message-wide (a temperature), must not be
  // negated, hypothetical or resolved: "nao tive 38", "se der 38", "a febre de
  // 39 ja passou". A count next to a symptom ("nao faço xixi faz 6 horas")
  // belongs to that symptom, whose own negation already decides.
  draft.quantities = extractQuantities(tokens, rules.quantities).filter(
    (q) => !rules.messageLevelQuantities.has(q.kind) || isCounted(draft, q),
  );
  return draft;
}

/**
 * Triage one patient message. Never throws, whatever the input.
 * @param text the message as received (any string; only the first limits.maxChars are read)
 * @param rules validated rules (loadRules / extendRules); defaults to the built-in pt-BR rules
 */
export function triageMessage(text: string, rules: TriageRules = defaultRules): TriageResult {
  let version = 'unknown';
  let truncated = false;
  try {
    version = typeof rules?.version === 'string' ? rules.version : version;
    const compiled = compileRules(rules);
    const raw = typeof text === 'string' ? text : String(text ?? '');
    const capped = capText(raw, compiled.maxChars);
    truncated = capped.truncated;
    const analysis = analyse(capped.text, compiled);
    const findings: TriageFinding[] = [];
    for (const cr of compiled.rules) {
      const finding = evaluateRule(capped.text, analysis, cr);
      if (finding) findings.push(finding);
    }
    const order = new Map(compiled.rules.map((cr) => [cr.rule.id, cr.order]));
    findings.sort(
      (x, y) => RANK[y.severity] - RANK[x.severity] || (order.get(x.ruleId) ?? 0) - (order.get(y.ruleId) ?? 0) || x.start - y.start,
    );
    const top = findings[0];
    if (!top) return { severity: 'none', symptom: '', evidence: '', rulesVersion: compiled.version, findings, truncated };
    return {
      severity: top.severity,
      symptom: top.symptom,
      evidence: top.evidence,
      ruleId: top.ruleId,
      rulesVersion: compiled.version,
      findings,
      truncated,
    };
  } catch (err) {
    return {
      severity: 'none',
      symptom: '',
      evidence: '',
      rulesVersion: version,
      findings: [],
      truncated,
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

/** For debugging and rule authoring: the canonical tokens the rules see. */
export function normalizedTokens(text: string, rules: TriageRules = defaultRules): string[] {
  const compiled = compileRules(rules);
  return normalize(capText(text, compiled.maxChars).text, compiled.lexicon).map((t) => t.text);
}

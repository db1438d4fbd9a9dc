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
import { analyse, isCounted, RANK, whyNotCounted, type Analysis } from './analysis';
import { compileRules, type CompiledRule } from './compile-rules';
import { capText, normalize, type Token } from './normalize';
import { findAll, type Span } from './pattern';
import type { Quantity } from './quantities';
import { loadRules, type Severity, type TriageRule, type TriageRules } from './rules-schema';
import ptBR from './rules/pt-BR.json';
import ptBRModel from './model/pt-BR.json';
import { loadModel, modelOpinion, strongestTokens, type TriageModel } from './triage-model';

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

/** Which stage of the pipeline decided the severity. */
export type TriageStage = 'rules' | 'model' | 'safety';

/** A rule that matched words of the message but did not count them, and why ("denied", "a joke"). */
export interface SetAside {
  ruleId: string;
  symptom: string;
  evidence: string;
  why: string;
}

export interface TriageResult {
  severity: Severity;
  /** Symptom of the most severe finding ('unspecified' when only the model raised it); '' when severity is none. */
  symptom: string;
  /** Evidence of the decision, as the patient wrote it; '' when severity is none. */
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
  /**
   * Which stage decided: `rules` (a rule fired, or nothing counted), `model` (the learned second
   * opinion was confident the message is more severe than the rules said), `safety` (a never-silent
   * rule: self-harm). Absent only with `error`.
   */
  decidedBy?: TriageStage;
  /** Why, in one line (English, for the audit trail and for rule authors). */
  reason?: string;
  /** Version of the learned model consulted (absent when triage ran without one). */
  modelVersion?: string;
  /** The model's probability that the message is critical, and critical or high. */
  model?: { critical: number; alarm: number };
  /** Rules whose words were found but set aside (stage 3 and negation), when there are any. */
  setAside?: SetAside[];
}

export interface TriageOptions {
  /** The learned second opinion; defaults to the built-in model; `null` runs the rules alone. */
  model?: TriageModel | null;
}

/** The built-in pt-BR rules, validated at load. */
export const defaultRules: TriageRules = loadRules(ptBR);

/** The built-in learned model (model/pt-BR.json, `npm run train:triage`), validated at load. */
export const defaultModel: TriageModel = loadModel(ptBRModel);

export function severityRank(severity: Severity): number {
  return RANK[severity];
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

function evaluateRule(text: string, a: Analysis, cr: CompiledRule, setAside?: SetAside[]): TriageFinding | undefined {
  const { rule } = cr;
  for (const cond of rule.unless ?? []) {
    if (cond.near === undefined && holds(cond, pickQuantity(a, cond, undefined))) return undefined;
  }
  if (cr.unlessPresent.some((p) => findAll(p, a.tokens).some((s) => isCounted(a, s)))) return undefined;
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
  let firstAside: { span: Span; why: string } | undefined;
  for (const span of candidates) {
    const why = cr.patterns.length > 0 ? whyNotCounted(a, span, rule) : undefined;
    if (why !== undefined) {
      firstAside ??= { span, why };
      continue;
    }
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
  if (firstAside && setAside) {
    const { evidence } = evidenceOf(text, a.tokens, [firstAside.span]);
    setAside.push({ ruleId: rule.id, symptom: rule.symptom, evidence, why: firstAside.why });
  }
  return undefined;
}

/** The words the model leaned on, quoted from the message ("sufocando … noite"). */
function modelEvidence(
  text: string,
  model: TriageModel,
  a: Analysis,
  severity: Severity,
): { evidence: string; start: number; end: number } {
  const spans = strongestTokens(model, a, severity).map((i) => ({ start: i, end: i + 1 }));
  if (spans.length === 0) return { evidence: text.slice(0, 120), start: 0, end: Math.min(text.length, 120) };
  return evidenceOf(text, a.tokens, spans);
}

/**
 * Stage 4, recall-first: the model never lowers what the rules found; it raises
 * the message to critical when it is confident it is critical, or to high when
 * it is confident it rings (critical or high), and says so.
 *
 * Where the rules found a current symptom of the patient, the model may raise
 * it ("vomitando de hora em hora" read as plain vomiting). Where the rules
 * recognised nothing at all, the model may raise the message to high (a nurse
 * reads it), never to critical: that is the long tail of how patients write,
 * which no rule list covers ("precisa de tres travesseiros", "deu uma
 * apagada"). Simulated on blind sets d, e, f with what was known before they
 * were written (rules 1.2.0, model trained on dev, regression and blind a-c),
 * this caught 7 of the 14 critical and 11 of the 13 high messages the rules
 * missed, for 2 more false alarms in 156 `none` messages (BLIND-FIGURES.md).
 * Who and when stay with stage 3: a mention the rules set aside (denied, over,
 * someone else's) is not revived.
 */
function combine(text: string, a: Analysis, model: TriageModel, base: TriageResult): TriageResult {
  const opinion = modelOpinion(model, a);
  const p = opinion.probabilities;
  const withModel: TriageResult = {
    ...base,
    modelVersion: opinion.version,
    model: { critical: round3(p.critical), alarm: round3(p.critical + p.high) },
  };
  const recognised = base.findings.length > 0;
  // The rules read a number (a vital sign, a count, a pain score): the severity follows from it, by the rubric
  // ("vomitei 1 vez" is medium, "o termometro ta marcando 36,4" is none). Character n-grams cannot count.
  const numberRead = a.quantities.some((q) => RUBRIC_QUANTITIES.has(q.kind));
  // Nothing recognised, but the rules did read the message: a mention set aside. The model does not revive it.
  const setAside = !recognised && (base.setAside?.length ?? 0) > 0;
  const raiseTo: Severity | undefined =
    setAside || numberRead
      ? undefined
      : recognised && opinion.critical && RANK[base.severity] < RANK.critical
        ? 'critical'
        : (recognised ? opinion.alarm : opinion.alone) && RANK[base.severity] < RANK.high
          ? 'high'
          : undefined;
  if (!raiseTo) return withModel;
  const ev = modelEvidence(text, model, a, raiseTo);
  const top = base.findings[0];
  const shown = raiseTo === 'critical' ? p.critical : p.critical + p.high;
  return {
    ...withModel,
    severity: raiseTo,
    symptom: top?.symptom ?? 'unspecified',
    evidence: ev.evidence,
    decidedBy: 'model',
    reason:
      `model ${opinion.version}: P(${raiseTo === 'critical' ? 'critical' : 'critical or high'}) = ${shown.toFixed(2)}, ` +
      `above its threshold; the rules said ${base.severity} (${recognised ? (base.reason ?? '') : 'they recognised nothing'})`,
  };
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/** Quantities the rubric grades (vital signs, how many times, pain 0-10): where the rules read one, they decide. */
const RUBRIC_QUANTITIES = new Set(['temperature', 'saturation', 'heart_rate', 'glucose', 'blood_pressure', 'times', 'pain_scale']);

/**
 * Triage one patient message. Never throws, whatever the input.
 * @param text the message as received (any string; only the first limits.maxChars are read)
 * @param rules validated rules (loadRules / extendRules); defaults to the built-in pt-BR rules
 * @param options the learned model to consult (defaults to the built-in one; `null`: rules alone)
 */
export function triageMessage(text: string, rules: TriageRules = defaultRules, options: TriageOptions = {}): TriageResult {
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
    const setAside: SetAside[] = [];
    for (const cr of compiled.rules) {
      const finding = evaluateRule(capped.text, analysis, cr, setAside);
      if (finding) findings.push(finding);
    }
    const order = new Map(compiled.rules.map((cr) => [cr.rule.id, cr.order]));
    findings.sort(
      (x, y) => RANK[y.severity] - RANK[x.severity] || (order.get(x.ruleId) ?? 0) - (order.get(y.ruleId) ?? 0) || x.start - y.start,
    );
    const top = findings[0];
    const aside = setAside.length > 0 ? { setAside } : {};
    let result: TriageResult;
    if (!top) {
      const reason =
        setAside.length > 0
          ? `no rule counted: ${setAside.map((s) => `${s.ruleId} "${s.evidence}" is ${s.why}`).join('; ')}`
          : 'no rule matched';
      result = {
        severity: 'none',
        symptom: '',
        evidence: '',
        rulesVersion: compiled.version,
        findings,
        truncated,
        decidedBy: 'rules',
        reason,
        ...aside,
      };
    } else {
      const safety = compiled.rules.find((cr) => cr.rule.id === top.ruleId)?.rule.neverSilent === true;
      result = {
        severity: top.severity,
        symptom: top.symptom,
        evidence: top.evidence,
        ruleId: top.ruleId,
        rulesVersion: compiled.version,
        findings,
        truncated,
        decidedBy: safety ? 'safety' : 'rules',
        reason: `${safety ? 'never silent on risk: ' : ''}rule ${top.ruleId} (${top.severity}): "${top.evidence}"`,
        ...aside,
      };
    }
    const model = options.model === undefined ? defaultModel : options.model;
    return model ? combine(capped.text, analysis, model, result) : result;
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

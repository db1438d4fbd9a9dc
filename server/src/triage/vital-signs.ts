/**
 * Stage 2 of the pipeline, vital signs as numbers: the reading that takes two
 * numbers, blood pressure, in the ways Brazilians write and say it:
 * "pressao 12 por 8", "PA 120x80", "pressão 8/5", "a pressao caiu pra 7 por 4",
 * "pressao 180 por 110", and the systolic alone ("a pressao ta 8": 80 mmHg).
 *
 * Readings in "centimetres of mercury" (12 por 8) are converted to mmHg (120/80).
 * The result is two quantities, `systolic` and `diastolic`, that rules read
 * like any other (`"when": [{"quantity": "systolic", "max": 89}]`). Other
 * single-number vital signs (oximeter, heart rate, glucose, temperature) are
 * plain `quantities` in the rules file.
 */
import type { CompiledBloodPressure } from './compile-rules';
import type { Token } from './normalize';
import type { Quantity } from './quantities';

const SYSTOLIC: readonly [number, number] = [40, 300];
const DIASTOLIC: readonly [number, number] = [20, 200];

/** 12 -> 120, 12.5 -> 125, 8 -> 80 (cmHg as said out loud); 120 stays. */
function toMmHg(value: number, below: number): number {
  return value < below ? Math.round(value * 10) : value;
}

function hasContextBefore(tokens: readonly Token[], i: number, bp: CompiledBloodPressure): boolean {
  for (let k = 1; k <= bp.contextWindow; k++) {
    const tok = tokens[i - k];
    if (!tok || tok.kind === 'boundary') return false;
    if (bp.contextWords.has(tok.text)) return true;
  }
  return false;
}

const isNumber = (tok: Token | undefined): tok is Token & { value: number } =>
  tok !== undefined && tok.kind === 'number' && tok.value !== undefined;

/** Blood pressure readings in a message, as `systolic` and `diastolic` quantities (token spans, end exclusive). */
export function extractBloodPressure(tokens: readonly Token[], bp: CompiledBloodPressure | undefined): Quantity[] {
  if (!bp) return [];
  const found: Quantity[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i];
    if (!isNumber(first)) continue;
    const sep = tokens[i + 1];
    const second = tokens[i + 2];
    const after = tokens[i + 3];
    const unitAfter = after !== undefined && (after.text === 'mmhg' || after.folded === 'mmhg');
    const context = hasContextBefore(tokens, i, bp) || unitAfter;
    if (!context) continue;
    if (sep && bp.separators.has(sep.text) && isNumber(second)) {
      // Two numbers: a reading, or nothing ("12 por 8 dias", "8 por 12"); never the first one alone.
      const systolic = toMmHg(first.value, 30);
      const diastolic = toMmHg(second.value, 20);
      const valid = systolic >= SYSTOLIC[0] && systolic <= SYSTOLIC[1] && diastolic >= DIASTOLIC[0] && diastolic <= DIASTOLIC[1];
      if (valid && systolic > diastolic && !(after && bp.excludeUnitsAfter.has(after.text))) {
        found.push(
          { kind: 'systolic', value: systolic, start: i, end: i + 3 },
          { kind: 'diastolic', value: diastolic, start: i, end: i + 3 },
        );
      }
      i += 2;
      continue;
    }
    // The systolic alone, as said out loud: "a pressao ta 8", "pressao caiu pra 7".
    const next = tokens[i + 1];
    if (next && bp.excludeUnitsAfter.has(next.text)) continue;
    const systolic = toMmHg(first.value, 30);
    if (systolic >= 50 && systolic <= SYSTOLIC[1] && (first.value < 30 || first.value >= 50)) {
      found.push({ kind: 'systolic', value: systolic, start: i, end: i + 1 });
    }
  }
  return found;
}

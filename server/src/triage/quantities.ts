/**
 * Finds the numbers that mean something clinically: temperatures ("febre de
 * 38,5", "termometro marcou 37,9", "39 graus"), counts ("6 vezes", "7x",
 * "varias vezes"), durations and pain scores ("9 de 10"). Which number is
 * which comes from the `quantities` section of the rules file: a unit right
 * after the number wins; otherwise context words, the word just before, or a
 * decimal part decide.
 */
import type { CompiledQuantity } from './compile-rules';
import type { Token } from './normalize';

export interface Quantity {
  kind: string;
  value: number;
  /** Token span of the number and its unit, end exclusive. */
  start: number;
  end: number;
}

function inRange(q: CompiledQuantity, v: number): boolean {
  return !q.range || (v >= q.range[0] && v <= q.range[1]);
}

function unitLength(tokens: readonly Token[], at: number, units: readonly string[][]): number {
  for (const unit of units) {
    let ok = unit.length > 0;
    for (let k = 0; k < unit.length && ok; k++) ok = tokens[at + k]?.text === unit[k];
    if (ok) return unit.length;
  }
  return 0;
}

/** Distance (in tokens, same sentence) to the nearest context word of q around token i, or Infinity. */
function contextDistance(tokens: readonly Token[], i: number, q: CompiledQuantity): number {
  if (q.contextWords.size === 0) return Infinity;
  let best = Infinity;
  for (const dir of [-1, 1]) {
    for (let k = 1; k <= q.contextWindow && k < best; k++) {
      const tok = tokens[i + dir * k];
      if (!tok || tok.kind === 'boundary') break;
      // A generic word ("deu", "marcou": also in adjacentBefore) is weaker than a naming one ("dextro", "febre").
      if (q.contextWords.has(tok.text)) best = Math.min(best, q.adjacentBefore.has(tok.text) ? Math.max(k, 3) : k);
    }
  }
  return best;
}

export function extractQuantities(tokens: readonly Token[], kinds: readonly CompiledQuantity[]): Quantity[] {
  const found: Quantity[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const value = tok?.value;
    if (!tok || value === undefined || tok.kind === 'boundary') continue;
    let matched: Quantity | undefined;
    // 1. An explicit unit right after the number ("6 vezes", "39 graus", "9 de 10").
    for (const q of kinds) {
      const len = unitLength(tokens, i + 1, q.unitsAfter);
      if (len > 0 && inRange(q, value)) {
        matched = { kind: q.kind, value, start: i, end: i + 1 + len };
        break;
      }
    }
    // 2. No unit: only numbers written as numbers (not "uma", "varias") are guessed from context. The
    // nearest context word decides between kinds ("febre de 38, glicemia 120"). A generic word right
    // before it ("deu", "com") counts as 3 tokens away, so "o dextro deu 35" is a glucose reading;
    // a decimal part alone is the weakest hint.
    if (!matched && tok.kind === 'number') {
      const nextText = tokens[i + 1]?.text;
      const prevText = tokens[i - 1]?.text;
      let best = Infinity;
      for (const q of kinds) {
        if (!inRange(q, value)) continue;
        if (nextText !== undefined && q.excludeUnitsAfter.has(nextText)) continue;
        let distance = contextDistance(tokens, i, q);
        if (prevText !== undefined && q.adjacentBefore.has(prevText)) distance = Math.min(distance, 3);
        if (distance === Infinity && q.decimalIsEnough && tok.decimal === true) distance = 100;
        if (distance < best) {
          best = distance;
          matched = { kind: q.kind, value, start: i, end: i + 1 };
        }
      }
    }
    if (matched) {
      found.push(matched);
      i = matched.end - 1;
    }
  }
  return found;
}

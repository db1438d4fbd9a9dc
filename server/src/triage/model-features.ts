/**
 * Features of one message for the learned second opinion (stage 4): character
 * n-grams and words of the pipeline's own reading of the message, hashed into a
 * fixed number of buckets (the "hashing trick": no vocabulary to store, unseen
 * words still land somewhere).
 *
 * Each feature carries the "who and when" of its token (stages 1-3): a word in
 * a negation, a condition, the distant past or about someone else is a
 * different feature from the same word reported now by the patient, so the
 * model learns "sem febre" apart from "febre" and cannot be fooled by a
 * neighbour's fever the rules set aside.
 *
 *   w|<scope>|<canonical word>        "w||febre", "w|n|febre" (negated)
 *   b|<scope>|<word>_<word>           neighbouring canonical words in a sentence
 *   c|<scope>|<n-gram>                3- to 5-letter pieces of the word as written
 *                                     ("^feb", "ebri$"), for spellings no rule knows
 */
import type { Analysis } from './analysis';

export interface FeatureOptions {
  /** log2 of the number of buckets. */
  bits: number;
  /** Character n-gram lengths, inclusive. */
  minGram: number;
  maxGram: number;
}

/** A message as hashed features: sorted unique bucket indexes, each worth 1/sqrt(count). */
export interface HashedFeatures {
  indexes: Uint32Array;
  value: number;
}

/** The scope letter of token i: o(ther person), n(egated), h(ypothetical), p(ast), or '' (the patient, now). */
function scopeOf(a: Analysis, i: number): string {
  if (a.subject[i] !== 0) return 'o';
  if (a.ctx.negated[i] === 1) return 'n';
  if (a.ctx.hypothetical[i] === 1) return 'h';
  if (a.ctx.historical[i] === 1) return 'p';
  return '';
}

/** The feature strings of an analysed message (before hashing; for tests and explanations). */
export function featureStrings(a: Analysis, options: FeatureOptions): string[] {
  const out: string[] = [];
  let prev: string | undefined;
  for (let i = 0; i < a.tokens.length; i++) {
    const tok = a.tokens[i];
    if (!tok || tok.kind === 'boundary') {
      prev = undefined;
      continue;
    }
    if (tok.kind === 'punct') continue;
    const scope = scopeOf(a, i);
    const word = tok.kind === 'number' ? '#' : tok.text;
    out.push(`w|${scope}|${word}`);
    if (prev !== undefined) out.push(`b|${scope}|${prev}_${word}`);
    prev = word;
    if (tok.kind !== 'word' || tok.folded.length > 24) continue;
    const padded = `^${tok.folded}$`;
    for (let n = options.minGram; n <= options.maxGram; n++) {
      for (let k = 0; k + n <= padded.length; k++) out.push(`c|${scope}|${padded.slice(k, k + n)}`);
    }
  }
  return out;
}

/** FNV-1a, 32 bits: a fast, stable string hash (the same bucket on every machine). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Feature values are 1/sqrt(count), so long and short messages weigh alike,
 * but never as if a message had fewer than this many features: a one-word
 * message ("vomitando") must not carry each of its few features at full
 * strength and make the model sure of itself on almost nothing.
 */
const MIN_NORM = 60;

/** Hash an analysed message into buckets. */
export function hashFeatures(a: Analysis, options: FeatureOptions): HashedFeatures {
  const mask = (1 << options.bits) - 1;
  const set = new Set<number>();
  for (const f of featureStrings(a, options)) set.add(fnv1a(f) & mask);
  const indexes = Uint32Array.from(set).sort();
  return { indexes, value: 1 / Math.sqrt(Math.max(indexes.length, MIN_NORM)) };
}

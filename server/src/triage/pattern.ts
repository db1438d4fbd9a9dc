/**
 * A tiny token pattern language for rule data, so clinicians read
 * "dor ~3 peito" instead of a regular expression, and so no rule can ever
 * backtrack catastrophically (gaps are bounded, matching is a bounded
 * set-of-positions walk, never a regex over the message).
 *
 * A pattern is a space-separated list of elements, matched against the
 * CANONICAL tokens produced by normalize():
 *   febre          the exact canonical word
 *   inch*          any word starting with "inch"
 *   a|b|c*         any of the alternatives
 *   muito?         optional element (also "a|b?")
 *   ~3             skip 0 to 3 tokens (words or commas, never a sentence end)
 *   #              any number ("38,5", "6", "tres")
 *   $              the end of the sentence (zero-width)
 *   , or /         the literal comma or slash token
 * Matches never cross a sentence boundary (. ! ? ; : or a new line).
 */
import type { Token } from './normalize';

export type Alt = { kind: 'exact'; word: string } | { kind: 'prefix'; prefix: string };

export type PatternElement =
  { type: 'word'; alts: Alt[]; optional: boolean } | { type: 'gap'; max: number } | { type: 'number'; optional: boolean } | { type: 'end' };

export interface CompiledPattern {
  source: string;
  elements: PatternElement[];
  /** The alternatives of each required word element: a message without one of each cannot match (findAll skips it). */
  required: Alt[][];
}

export interface Span {
  /** Token indexes, end exclusive. */
  start: number;
  end: number;
}

/** Limits that keep every pattern cheap to match (checked when rules load). */
export const PATTERN_LIMITS = { maxElements: 16, maxGaps: 4, maxGap: 10 } as const;

export class PatternSyntaxError extends Error {
  constructor(source: string, reason: string) {
    super(`invalid pattern "${source}": ${reason}`);
    this.name = 'PatternSyntaxError';
  }
}

const WORD_RE = /^[a-z0-9_]+$/;

/**
 * Parse a pattern. `canon` maps an exact word to its canonical form so rule
 * authors may write natural forms ("vomitei", "to") and still match.
 */
export function compilePattern(source: string, canon: (word: string) => string = (w) => w): CompiledPattern {
  const parts = source
    .trim()
    .split(/\s+/)
    .filter((p) => p.length > 0);
  if (parts.length === 0) throw new PatternSyntaxError(source, 'empty pattern');
  if (parts.length > PATTERN_LIMITS.maxElements) {
    throw new PatternSyntaxError(source, `more than ${PATTERN_LIMITS.maxElements} elements`);
  }
  const elements: PatternElement[] = [];
  let gaps = 0;
  for (const part of parts) {
    if (part.startsWith('~')) {
      const max = Number(part.slice(1));
      if (!Number.isInteger(max) || max < 1 || max > PATTERN_LIMITS.maxGap) {
        throw new PatternSyntaxError(source, `gap "${part}" must be ~1 to ~${PATTERN_LIMITS.maxGap}`);
      }
      gaps += 1;
      elements.push({ type: 'gap', max });
      continue;
    }
    if (part === '$') {
      elements.push({ type: 'end' });
      continue;
    }
    const optional = part.endsWith('?') && part.length > 1;
    const body = optional ? part.slice(0, -1) : part;
    if (body === '#') {
      elements.push({ type: 'number', optional });
      continue;
    }
    if (body === ',' || body === '/') {
      elements.push({ type: 'word', alts: [{ kind: 'exact', word: body }], optional });
      continue;
    }
    const alts: Alt[] = [];
    for (const alt of body.split('|')) {
      if (alt.endsWith('*')) {
        const prefix = alt.slice(0, -1);
        if (prefix.length < 2 || !WORD_RE.test(prefix)) {
          throw new PatternSyntaxError(source, `prefix "${alt}" needs at least 2 plain letters (a-z, 0-9, _) before *`);
        }
        alts.push({ kind: 'prefix', prefix });
      } else {
        if (!WORD_RE.test(alt)) {
          throw new PatternSyntaxError(source, `"${alt}" is not a plain lower-case word without accents (a-z, 0-9, _)`);
        }
        alts.push({ kind: 'exact', word: canon(alt) });
      }
    }
    elements.push({ type: 'word', alts, optional });
  }
  if (gaps > PATTERN_LIMITS.maxGaps) throw new PatternSyntaxError(source, `more than ${PATTERN_LIMITS.maxGaps} gaps`);
  const first = elements[0];
  const last = elements[elements.length - 1];
  if (first?.type === 'gap' || last?.type === 'gap') {
    throw new PatternSyntaxError(source, 'a pattern cannot start or end with a gap');
  }
  if (!elements.some((e) => e.type === 'word' && !e.optional)) {
    throw new PatternSyntaxError(source, 'a pattern needs at least one required word');
  }
  const required = elements.flatMap((el) => (el.type === 'word' && !el.optional ? [el.alts] : []));
  return { source, elements, required };
}

function wordMatches(alts: Alt[], tok: Token): boolean {
  if (tok.kind === 'boundary') return false;
  for (const alt of alts) {
    if (alt.kind === 'exact' ? tok.text === alt.word : tok.kind === 'word' && tok.text.startsWith(alt.prefix)) return true;
  }
  return false;
}

/** Shortest match starting exactly at token `start`, as the end index (exclusive), or -1. */
export function matchAt(pattern: CompiledPattern, tokens: readonly Token[], start: number): number {
  const n = tokens.length;
  // Fast rejection: most start positions fail on the first word.
  const first = pattern.elements[0];
  if (first?.type === 'word' && !first.optional) {
    const tok = tokens[start];
    if (!tok || !wordMatches(first.alts, tok)) return -1;
  }
  // The set of token positions reachable after each element; bounded by the
  // pattern's total width, so the cost per start is a small constant.
  let positions: number[] = [start];
  for (const el of pattern.elements) {
    const next = new Set<number>();
    for (const p of positions) {
      const tok = tokens[p];
      switch (el.type) {
        case 'word':
          if (el.optional) next.add(p);
          if (tok && wordMatches(el.alts, tok)) next.add(p + 1);
          break;
        case 'number':
          if (el.optional) next.add(p);
          if (tok && tok.kind !== 'boundary' && tok.value !== undefined) next.add(p + 1);
          break;
        case 'gap':
          next.add(p);
          for (let k = 1; k <= el.max; k++) {
            const skipped = tokens[p + k - 1];
            if (!skipped || skipped.kind === 'boundary') break;
            next.add(p + k);
          }
          break;
        case 'end':
          if (p >= n || tok?.kind === 'boundary') next.add(p);
          break;
      }
    }
    if (next.size === 0) return -1;
    positions = [...next];
  }
  let best = -1;
  for (const p of positions) if (p > start && (best === -1 || p < best)) best = p;
  return best;
}

/** The words of one message, to rule out a pattern before walking it: exact texts, and every prefix of its words. */
type WordIndex = { exact: Set<string>; prefixes: Set<string> };

/** Per token array (normalize() builds one per message and nothing changes it afterwards). */
const wordIndexes = new WeakMap<readonly Token[], WordIndex>();

function wordIndex(tokens: readonly Token[]): WordIndex {
  let index = wordIndexes.get(tokens);
  if (index) return index;
  index = { exact: new Set(), prefixes: new Set() };
  for (const tok of tokens) {
    if (tok.kind === 'boundary') continue;
    index.exact.add(tok.text);
    if (tok.kind === 'word') for (let k = 2; k <= tok.text.length; k++) index.prefixes.add(tok.text.slice(0, k));
  }
  wordIndexes.set(tokens, index);
  return index;
}

/**
 * False when some required word of the pattern is nowhere in the message, so
 * it cannot match anywhere. Most of a rule set's patterns are ruled out this
 * way in a few set lookups, instead of being tried at every token (issue #13:
 * that walk was 70 % of triage time).
 */
function mayMatch({ required }: CompiledPattern, tokens: readonly Token[]): boolean {
  if (required.length === 0) return true;
  const index = wordIndex(tokens);
  return required.every((alts) => alts.some((alt) => (alt.kind === 'exact' ? index.exact.has(alt.word) : index.prefixes.has(alt.prefix))));
}

/** Every match (one per start position, shortest), in text order. */
export function findAll(pattern: CompiledPattern, tokens: readonly Token[]): Span[] {
  const spans: Span[] = [];
  if (!mayMatch(pattern, tokens)) return spans;
  for (let s = 0; s < tokens.length; s++) {
    const end = matchAt(pattern, tokens, s);
    if (end > s) spans.push({ start: s, end });
  }
  return spans;
}

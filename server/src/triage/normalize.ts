/**
 * Text normalisation for triage: patients write on WhatsApp with no accents,
 * slang, typos, elongated letters ("febreee") and numbers with commas
 * ("38,5"). Everything downstream (patterns, negation, numbers) works on the
 * token list produced here, never on raw text, so a rule written once as
 * "febre" also matches "FÉBRI", "febriii" and "febril".
 *
 * Each token keeps the [start, end) offsets of the ORIGINAL text so evidence
 * can be quoted back to the nurse exactly as the patient wrote it.
 *
 * Everything here is linear in the input length: a hand-written scanner, no
 * regex that can backtrack.
 */

import { editDistance } from './edit-distance';
import { lookupSpelling, type SpellingIndex } from './spelling';

export type TokenKind = 'word' | 'number' | 'punct' | 'boundary';

export interface Token {
  /** Canonical form (after synonyms/misspellings/phrases): what patterns match. */
  text: string;
  /** Accent- and case-folded surface form, before canonicalisation. */
  folded: string;
  kind: TokenKind;
  /** Offsets in the original (capped) text, end exclusive. */
  start: number;
  end: number;
  /** Numeric value for digits ("38,5") and number words ("tres", "varias"). */
  value?: number;
  /** True when the value has a fractional part written out ("38,5", "38 e meio"). */
  decimal?: boolean;
}

/** The compiled normalisation tables (built from the rules file by compile-rules). */
export interface Lexicon {
  /** folded word -> canonical word. */
  exact: ReadonlyMap<string, string>;
  /** Prefix variants ("vomit*"), longest prefix first. */
  prefixes: ReadonlyArray<{ prefix: string; canonical: string }>;
  /** Words tolerated with one typo (Damerau-Levenshtein distance). */
  fuzzy: { maxDistance: number; minLength: number; words: ReadonlyArray<{ word: string; canonical: string }> };
  /** Multi-token phrases keyed by their first canonical token, longest first. */
  phrases: ReadonlyMap<string, ReadonlyArray<{ seq: readonly string[]; canonical: string }>>;
  /** Number words by folded form ("tres" -> 3, "varias" -> 5). */
  numberWords: ReadonlyMap<string, number>;
  /** "<integer> e <word>" fractions by folded or canonical form ("meio" -> 0.5, "pouco" -> 0.5). */
  fractionWords: ReadonlyMap<string, number>;
  /** Ordinal words ("quarta" -> 4), a count only right before "vez" ("a quarta vez"). */
  ordinalWords?: ReadonlyMap<string, number>;
  /** Emoji that stand for a symptom ("🤒" -> "febre"), by their first code point. */
  emoji?: ReadonlyMap<string, string>;
  /** Words the rules use as written (phrase variants, patterns, cues): never read as another word. */
  plainWords?: ReadonlySet<string>;
  /** Sound-alike lookup for words the tables above do not know (spelling.ts). */
  spelling?: SpellingIndex;
  /** Memo of canonicalWord for unknown words (bounded; the lexicon is immutable once built). */
  memo?: Map<string, string>;
}

const foldCache = new Map<string, string>();

/** Lower-case and strip diacritics of ONE code point ("É" -> "e", "ç" -> "c"). */
function foldChar(ch: string): string {
  const cached = foldCache.get(ch);
  if (cached !== undefined) return cached;
  const folded = ch.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  if (foldCache.size < 4096) foldCache.set(ch, folded);
  return folded;
}

/** Accent and case folding of a whole string (used for rule data, not messages). */
export function foldText(text: string): string {
  let out = '';
  for (const ch of text) out += foldChar(ch);
  return out;
}

/**
 * Cut the text to at most `maxChars` UTF-16 units without splitting a
 * surrogate pair, so huge messages cost a bounded amount of work.
 */
export function capText(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), truncated: true };
}

/**
 * "muitooo" -> "muito", "febreee" -> "febre", "aaar" -> "ar": a run of 3+
 * identical letters never occurs in Portuguese, so it collapses to one.
 * Runs of two are kept ("diarreia", "passou").
 */
export function collapseRepeats(word: string): string {
  let out = '';
  let prev = '';
  let run = 0;
  const flush = (): void => {
    out += run >= 3 ? prev : prev.repeat(run);
  };
  for (const ch of word) {
    if (ch === prev) {
      run += 1;
      continue;
    }
    flush();
    prev = ch;
    run = 1;
  }
  flush();
  return out;
}

/**
 * The lexicon knows this folded word as written (exact variant, prefix, a word
 * of a phrase or of a rule pattern), without any spelling tolerance.
 */
export function isKnownWord(word: string, lex: Lexicon): boolean {
  if (lex.exact.has(word) || lex.numberWords.has(word) || lex.plainWords?.has(word)) return true;
  for (const { prefix } of lex.prefixes) if (word.startsWith(prefix)) return true;
  return false;
}

const MEMO_LIMIT = 20_000;

/**
 * Canonical form of one folded word: exact table, then prefixes, then the
 * listed one-typo words, then (stage 1 of the pipeline) what it sounds like
 * (spelling.ts). With `allowFuzzy` false only the exact table and prefixes are
 * used (rule data is written in plain words).
 */
export function canonicalWord(word: string, lex: Lexicon, allowFuzzy = true): string {
  const exact = lex.exact.get(word);
  if (exact !== undefined) return exact;
  for (const { prefix, canonical } of lex.prefixes) {
    if (word.startsWith(prefix)) return canonical;
  }
  if (!allowFuzzy || word.length > 24) return word;
  const memo = lex.memo?.get(word);
  if (memo !== undefined) return memo;
  let out = word;
  if (word.length >= lex.fuzzy.minLength) {
    for (const { word: target, canonical } of lex.fuzzy.words) {
      if (editDistance(word, target, lex.fuzzy.maxDistance) <= lex.fuzzy.maxDistance) {
        out = canonical;
        break;
      }
    }
  }
  if (out === word && lex.spelling && !lex.plainWords?.has(word)) out = lookupSpelling(lex.spelling, word) ?? word;
  if (lex.memo) {
    // Bounded: a flood of random words must not grow memory without limit.
    if (lex.memo.size >= MEMO_LIMIT) lex.memo.clear();
    lex.memo.set(word, out);
  }
  return out;
}

/** Canonical text of a four-digit year (1900-2099) in a message: "em 2019" -> "em ano_numero". */
export const YEAR_TOKEN = 'ano_numero';

const BOUNDARY_CHARS = new Set(['.', '!', '?', ';', ':', '\n', '\r', '\u2026', '\u00a1', '\u00bf', '\u2028', '\u2029']);
const DEGREE_CHARS = new Set(['\u00b0', '\u00ba', '\u02da']);

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isWordChar(ch: string): boolean {
  // "º" is a letter to Unicode, but in "38ºC" it is a degree sign.
  return /^[\p{L}\p{N}]$/u.test(ch) && !isDigit(ch) && !DEGREE_CHARS.has(ch);
}

interface Folded {
  chars: string[];
  /** Original [start, end) offsets for each folded char. */
  from: number[];
  to: number[];
}

function foldWithOffsets(text: string): Folded {
  const chars: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  for (const cp of text) {
    const folded = foldChar(cp);
    for (const ch of folded) {
      chars.push(ch);
      from.push(i);
      to.push(i + cp.length);
    }
    i += cp.length;
  }
  return { chars, from, to };
}

/**
 * Scan folded text into raw tokens: words, numbers ("38,5" is ONE number),
 * commas and slashes (kept, they matter to negation lists and "c/"), and
 * sentence boundaries. Emoji and other symbols act as spaces.
 */
function scan(f: Folded, emoji?: ReadonlyMap<string, string>): Token[] {
  const tokens: Token[] = [];
  const { chars, from, to } = f;
  const n = chars.length;
  let i = 0;
  const push = (kind: TokenKind, text: string, a: number, b: number, value?: number, decimal?: boolean): void => {
    const tok: Token = { text, folded: text, kind, start: from[a] ?? 0, end: to[b - 1] ?? 0 };
    if (value !== undefined) tok.value = value;
    if (decimal) tok.decimal = true;
    tokens.push(tok);
  };
  while (i < n) {
    const ch = chars[i] ?? '';
    if (isDigit(ch)) {
      const a = i;
      while (i < n && isDigit(chars[i])) i++;
      let digits = chars.slice(a, i).join('');
      let decimal = false;
      const sep = chars[i];
      // "38'5" is how some keyboards (and dictation) write 38,5.
      if ((sep === ',' || sep === '.' || sep === "'") && isDigit(chars[i + 1])) {
        let j = i + 1;
        while (j < n && isDigit(chars[j])) j++;
        // "38,5" / "37.85" are decimals; "1.000" (3 digits) is left as two numbers.
        if (j - (i + 1) <= 2) {
          digits += '.' + chars.slice(i + 1, j).join('');
          decimal = true;
          i = j;
        }
      }
      const value = Number(digits.length > 12 ? digits.slice(0, 12) : digits);
      // "em 2019": a four-digit year reads as the word YEAR_TOKEN (value kept), so rules can say "em|no ~3 ano_numero".
      const isYear = !decimal && digits.length === 4 && value >= 1900 && value <= 2099;
      push('number', isYear ? YEAR_TOKEN : digits, a, i, Number.isFinite(value) ? value : undefined, decimal);
      continue;
    }
    if (isWordChar(ch)) {
      const a = i;
      while (i < n && isWordChar(chars[i] ?? '')) i++;
      push('word', chars.slice(a, i).join(''), a, i);
      continue;
    }
    if (DEGREE_CHARS.has(ch)) {
      push('word', 'graus', i, i + 1);
      i++;
      continue;
    }
    if (ch === '%') {
      push('word', 'porcento', i, i + 1);
      i++;
      continue;
    }
    if (BOUNDARY_CHARS.has(ch)) {
      const a = i;
      while (i < n && BOUNDARY_CHARS.has(chars[i] ?? '')) i++;
      push('boundary', '.', a, i);
      const last = tokens[tokens.length - 1];
      // Keep the actual marks: "?" matters to question-and-answer negation ("Febre? Nao.").
      if (last) last.folded = chars.slice(a, i).join('');
      continue;
    }
    if (ch === ',' || ch === '/') {
      push('punct', ch, i, i + 1);
      i++;
      continue;
    }
    const meaning = emoji?.get(ch);
    if (meaning !== undefined) {
      // "🤮🤮🤮" is one vomiting, not three; a skin tone, variation selector or ZWJ tail ("😵‍💫") is skipped as a symbol.
      const a = i;
      while (i < n && chars[i] === ch) i++;
      push('word', meaning, a, i);
      const last = tokens[tokens.length - 1];
      if (last) last.folded = ch;
      continue;
    }
    i++;
  }
  return tokens;
}

/** Replace multi-token phrases ("falta de ar") by their canonical single token. */
function mergePhrases(tokens: Token[], lex: Lexicon): Token[] {
  if (lex.phrases.size === 0) return tokens;
  const out: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i];
    if (!tok) break;
    const candidates = lex.phrases.get(tok.text);
    let merged = false;
    if (candidates) {
      for (const { seq, canonical } of candidates) {
        if (i + seq.length > tokens.length) continue;
        let ok = true;
        for (let k = 0; k < seq.length; k++) {
          if (tokens[i + k]?.text !== seq[k]) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        const last = tokens[i + seq.length - 1] ?? tok;
        const folded = tokens
          .slice(i, i + seq.length)
          .map((t) => t.folded)
          .join(' ');
        const phraseToken: Token = { text: canonical, folded, kind: 'word', start: tok.start, end: last.end };
        // A phrase can stand for an amount ("um monte de" = "varias").
        const value = lex.numberWords.get(canonical);
        if (value !== undefined) phraseToken.value = value;
        out.push(phraseToken);
        i += seq.length;
        merged = true;
        break;
      }
    }
    if (!merged) {
      out.push(tok);
      i++;
    }
  }
  return out;
}

/** "e", and "i" as dictation and low-literacy spelling write it ("37 i 9"). */
function isAnd(tok: Token | undefined): boolean {
  return tok !== undefined && (tok.text === 'e' || tok.folded === 'e' || tok.folded === 'i');
}

/** 0-9 written as one digit ("7") or a word ("sete"), else undefined. */
function singleDigit(tok: Token | undefined): number | undefined {
  if (!tok || tok.value === undefined || !Number.isInteger(tok.value) || tok.value < 0 || tok.value > 9) return undefined;
  if (tok.kind === 'number') return tok.text.length === 1 ? tok.value : undefined;
  return tok.kind === 'word' ? tok.value : undefined;
}

/**
 * Spelled-out temperatures: "trinta e oito" -> 38, "trinta e sete e oito"
 * -> 37.8, "38 e meio" -> 38.5, "37 e pouco" -> 37.5 (fractions from the rules data).
 */
function mergeCompositeNumbers(tokens: Token[], fractions: ReadonlyMap<string, number>): Token[] {
  const fractionOf = (tok: Token | undefined): number | undefined =>
    tok?.kind === 'word' ? (fractions.get(tok.folded) ?? fractions.get(tok.text)) : undefined;
  const out: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i];
    if (!tok) break;
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    let current = tok;
    let consumed = 1;
    const tens = tok.kind === 'word' ? tok.value : undefined;
    if (
      tens !== undefined &&
      tens >= 20 &&
      tens % 10 === 0 &&
      tens <= 90 &&
      isAnd(next) &&
      after?.kind === 'word' &&
      after.value !== undefined &&
      after.value >= 1 &&
      after.value <= 9
    ) {
      current = { ...tok, kind: 'number', text: String(tens + after.value), value: tens + after.value, end: after.end };
      current.folded = `${tok.folded} e ${after.folded}`;
      consumed = 3;
      // "trinta e sete e oito" (37.8) is how temperatures are read out loud.
      const e2 = tokens[i + 3];
      const d2 = tokens[i + 4];
      if (isAnd(e2) && d2?.kind === 'word' && d2.value !== undefined && d2.value >= 1 && d2.value <= 9 && Number.isInteger(d2.value)) {
        const v = tens + after.value + d2.value / 10;
        current = { ...current, text: String(v), value: v, decimal: true, end: d2.end };
        consumed = 5;
      }
    }
    // "trinta e sete sete" (37.7): a dictated temperature whose tenths follow with no "e".
    const tenths = tokens[i + consumed];
    if (consumed === 3 && current.value !== undefined && current.value >= 35 && current.value <= 42 && tenths?.kind === 'word') {
      const digit = singleDigit(tenths);
      if (digit !== undefined) {
        const t = current.value + digit / 10;
        current = { ...current, text: String(t), value: t, decimal: true, end: tenths.end };
        consumed += 1;
      }
    }
    const v = current.value;
    // "38 graus e meio": the unit may sit between the number and its fraction.
    const unitGap = current.kind === 'number' && tokens[i + consumed]?.text === 'graus' && isAnd(tokens[i + consumed + 1]) ? 1 : 0;
    const e = tokens[i + consumed + unitGap];
    const meio = tokens[i + consumed + unitGap + 1];
    const digit = singleDigit(meio);
    // "37 e 7", "37 e sete", "37 i 9" (37.7, 37.7, 37.9): how temperatures are read out loud and dictated.
    if (current.kind === 'number' && v !== undefined && Number.isInteger(v) && v >= 35 && v <= 42 && isAnd(e) && digit !== undefined) {
      const t = v + digit / 10;
      out.push({ ...current, text: String(t), value: t, decimal: true, end: meio?.end ?? current.end });
      i += consumed + unitGap + 2;
      continue;
    }
    // "38 virgula 5", "trinta e oito virgula cinco", "92 ponto 5": a dictated decimal separator.
    const sep = tokens[i + consumed];
    const decimals = tokens[i + consumed + 1];
    const decimalDigit = singleDigit(decimals);
    if (
      current.kind === 'number' &&
      v !== undefined &&
      Number.isInteger(v) &&
      (sep?.folded === 'virgula' || sep?.folded === 'ponto') &&
      decimalDigit !== undefined
    ) {
      const t = v + decimalDigit / 10;
      out.push({ ...current, text: String(t), value: t, decimal: true, end: decimals?.end ?? current.end });
      i += consumed + 2;
      continue;
    }
    const fraction = fractionOf(meio);
    if (current.kind === 'number' && v !== undefined && Number.isInteger(v) && isAnd(e) && meio && fraction !== undefined) {
      current = { ...current, text: String(v + fraction), value: v + fraction, decimal: true, end: meio.end };
      consumed += unitGap + 2;
    }
    out.push(current);
    i += consumed;
  }
  return out;
}

/**
 * Full pipeline: fold -> scan -> canonical words (synonyms, misspellings,
 * one-typo tolerance) + number words -> phrases -> spelled-out numbers.
 */
export function normalize(text: string, lex: Lexicon): Token[] {
  const raw = scan(foldWithOffsets(text), lex.emoji);
  for (const tok of raw) {
    if (tok.kind !== 'word') continue;
    const collapsed = collapseRepeats(tok.text);
    tok.folded = collapsed;
    const n = lex.numberWords.get(collapsed);
    if (n !== undefined) tok.value = n;
    tok.text = canonicalWord(collapsed, lex);
  }
  if (lex.ordinalWords && lex.ordinalWords.size > 0) {
    for (let i = 0; i + 1 < raw.length; i++) {
      const tok = raw[i];
      const ordinal = tok?.kind === 'word' ? lex.ordinalWords.get(tok.folded) : undefined;
      if (tok && ordinal !== undefined && raw[i + 1]?.folded === 'vez') tok.value = ordinal;
    }
  }
  return mergeCompositeNumbers(mergePhrases(joinSplitWords(raw, lex), lex), lex.fractionWords);
}

/**
 * Dictation (and small phone keyboards) split words: "com vulsao", "dia reia",
 * "fe bre". Two neighbouring words are read as one when neither was read as
 * another word, the second means nothing on its own (not a known word, no
 * sound-alike), and together they are a lexicon word or sound like one.
 */
function joinSplitWords(tokens: Token[], lex: Lexicon): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const next = tokens[i + 1];
    if (!tok) continue;
    if (
      tok.kind === 'word' &&
      tok.text === tok.folded &&
      next?.kind === 'word' &&
      next.start > tok.end &&
      next.folded.length >= 2 &&
      next.text === next.folded &&
      !isKnownWord(next.folded, lex) &&
      tok.folded.length + next.folded.length >= 5
    ) {
      const joined = tok.folded + next.folded;
      let canonical: string | undefined;
      // Exact words only: a prefix ("febr*") would swallow any tail ("febrinha chata").
      if (lex.exact.has(joined)) canonical = lex.exact.get(joined);
      else if (lex.spelling && !isKnownWord(joined, lex)) canonical = lookupSpelling(lex.spelling, joined);
      if (canonical !== undefined) {
        out.push({ text: canonical, folded: joined, kind: 'word', start: tok.start, end: next.end });
        i++;
        continue;
      }
    }
    out.push(tok);
  }
  return out;
}

/** Tokenise a piece of RULE data (a phrase variant or pattern word) the same way as messages, without the lexicon. */
export function tokenizeRuleText(text: string): string[] {
  return scan(foldWithOffsets(text))
    .filter((t) => t.kind !== 'boundary')
    .map((t) => (t.kind === 'word' ? collapseRepeats(t.text) : t.text));
}

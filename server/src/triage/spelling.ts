/**
 * Spelling tolerance for words the lexicon does not know: a word is read as a
 * lexicon word when it SOUNDS the same (phonetic.ts) or, for long words, when
 * its sound differs by one edit ("convulcao" -> "convulsao": the cedilla was
 * folded away). Only unknown words are looked up, never a word the lexicon
 * maps already, and a key that would name two different canonical words is
 * dropped rather than guessed.
 *
 * The targets are every word the rules care about (synonym variants and
 * canonical words, fuzzy words, the words in rule patterns and quantity
 * contexts); `normalization.spelling.keep` lists everyday words that happen to
 * sound like a symptom ("diaria", a daily dose, sounds like "diareia") and
 * must stay as written.
 *
 * Lookups use a symmetric-deletion index (SymSpell) over the keys, so the cost
 * does not grow with the lexicon; results are memoised per lexicon.
 */
import { deletionsOf, editDistance, withinOneEdit } from './edit-distance';
import { phoneticKey } from './phonetic';

export interface SpellingOptions {
  /** Words shorter than this are never remapped (short words collide too easily). */
  minWordLength: number;
  /** Keys at least this long also match a key one edit away. */
  minKeyLengthForEdit: number;
  /** Everyday words that must stay as written. */
  keep: ReadonlySet<string>;
}

export interface SpellingIndex {
  options: SpellingOptions;
  /** phonetic key -> canonical word; null when the key names two canonicals (ambiguous: no guess). */
  byKey: ReadonlyMap<string, string | null>;
  /** one deletion of a key -> the keys it comes from. */
  deletes: ReadonlyMap<string, readonly string[]>;
  /** key -> the written target words with that key (for the bound on written edits). */
  spellings: ReadonlyMap<string, readonly string[]>;
}

/** Consonant sounds patients swap in writing: c/ç folded to K, s/x/ch, j/g, l/r ("farta"), m/n, b/v. */
const CONFUSABLE = new Set(['KS', 'SK', 'SX', 'XS', 'JG', 'GJ', 'LR', 'RL', 'MN', 'NM', 'BV', 'VB']);
const KEY_VOWELS = new Set(['A', 'I', 'U']);

/**
 * Keys one edit apart where the edit is one patients make: a vowel heard or
 * not ("sangramento"/"sangrmento"), two neighbours swapped, or a confusable
 * consonant. A wrong vowel or an unrelated consonant is a different word.
 */
export function withinOneSoundEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (!withinOneEdit(a, b)) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (a[i + 1] === y && b[i + 1] === x) return true; // swapped neighbours
    return CONFUSABLE.has(x + y);
  }
  const extra = (a.length > b.length ? a[i] : b[i]) ?? '';
  return KEY_VOWELS.has(extra);
}

/** Build the index from [written word, canonical word] pairs. */
export function buildSpellingIndex(targets: Iterable<readonly [string, string]>, options: SpellingOptions): SpellingIndex {
  const byKey = new Map<string, string | null>();
  const spellings = new Map<string, string[]>();
  for (const [word, canonical] of targets) {
    if (word.length < options.minWordLength || !/^[a-z]+$/.test(word)) continue;
    const key = phoneticKey(word);
    const written = spellings.get(key);
    if (!written) spellings.set(key, [word]);
    else if (!written.includes(word)) written.push(word);
    const prev = byKey.get(key);
    if (prev === undefined) byKey.set(key, canonical);
    else if (prev !== canonical) byKey.set(key, null);
  }
  const deletes = new Map<string, string[]>();
  for (const key of byKey.keys()) {
    if (key.length < options.minKeyLengthForEdit) continue;
    for (const d of deletionsOf(key)) {
      const list = deletes.get(d);
      if (list) list.push(key);
      else deletes.set(d, [key]);
    }
  }
  return { options, byKey, deletes, spellings };
}

/**
 * The canonical word an unknown word sounds like, or undefined. `word` is a
 * folded word (lower case, no accents, repeats collapsed).
 */
export function lookupSpelling(index: SpellingIndex, word: string): string | undefined {
  const { options } = index;
  if (word.length < options.minWordLength || options.keep.has(word) || !/^[a-z]+$/.test(word)) return undefined;
  const key = phoneticKey(word);
  const exact = index.byKey.get(key);
  if (exact !== undefined) return exact ?? undefined;
  if (key.length < options.minKeyLengthForEdit) return undefined;
  let found: string | undefined;
  for (const d of deletionsOf(key)) {
    for (const candidate of index.deletes.get(d) ?? []) {
      // One confusable edit in sound, the same first sound, and at most two edits in writing:
      // "convulcao" / "convulsao", never "cozinha" / "calcinha" or "mocinha" / "molinha".
      if (candidate[0] !== key[0] || !withinOneSoundEdit(key, candidate)) continue;
      const canonical = index.byKey.get(candidate);
      if (canonical === null || canonical === undefined) continue;
      if (!(index.spellings.get(candidate) ?? []).some((w) => editDistance(word, w, 2) <= 2)) continue;
      // Two different words one edit away: do not guess.
      if (found !== undefined && found !== canonical) return undefined;
      found = canonical;
    }
  }
  return found;
}

/**
 * Bounded edit distances for spelling tolerance. Written here rather than
 * taken from a package: the well-kept ones on npm (fastest-levenshtein,
 * leven) are not dependencies of the server (only transitive dev
 * dependencies of the linters are installed), they compute plain Levenshtein
 * without the transposition typo ("fbere") and without an early exit, and the
 * lexicon lookup needs a distance-1 test that costs O(length), not O(length²).
 */

/** Damerau-Levenshtein distance (optimal string alignment) with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    rows.push(row);
  }
  const first = rows[0];
  if (!first) return max + 1;
  for (let j = 0; j <= b.length; j++) first[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i];
    const up = rows[i - 1];
    if (!row || !up) return max + 1;
    // Column 0 counts too: against an empty string the distance is the length.
    let rowMin = row[0] ?? i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length]?.[b.length] ?? max + 1;
}

/**
 * True when `a` and `b` differ by at most one edit: a letter missing, extra,
 * wrong, or two neighbours swapped. Linear time, no allocation; the same
 * answer as `editDistance(a, b, 1) <= 1`.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    // One substitution, or one swap of neighbours.
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  // One insertion/deletion: skip the extra letter of the longer word.
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * Every string one deletion away from `s` (and `s` itself): the symmetric-
 * deletion index (SymSpell) finds all words within one edit of a query by
 * looking these up, instead of comparing the query with every word.
 */
export function deletionsOf(s: string): string[] {
  const out = new Set<string>([s]);
  for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
  return [...out];
}

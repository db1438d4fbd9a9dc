/**
 * A pt-BR phonetic key, in the spirit of Metaphone: two spellings that sound
 * alike get the same key, so "rispira", "tussindo", "sangui", "convulçao",
 * "cagano" (dropped d of the gerund) and "morre" (dropped final r) find the
 * lexicon's "respira", "tossindo", "sangue", "convulsao", "cagando" and
 * "morrer". Patients who write as they speak make exactly these substitutions:
 *
 *   - doubled letters are one sound: rr/r, ss/s, ee/e ("enjoo" = "enjo");
 *   - ch, sh and x sound alike (X); lh = li, nh = ni; ph = f; h is mute;
 *   - the s sound: s, z, ç, ss, sc/xc before e/i, and c before e/i (S);
 *   - the k sound: c before a/o/u, k, q and qu before e/i (K);
 *   - the j sound: j, and g before e/i (J); gu before e/i is a hard g (G);
 *   - vowel reductions of Brazilian speech: unstressed e sounds i and o sounds
 *     u ("febri", "peitu", "istou"), so e/i -> I and o/u -> U everywhere, and
 *     the diphthongs ei/ou reduce ("peito" = "petu", "passou" = "passo");
 *   - l before a consonant or at the end sounds u ("auto" / "alto");
 *   - m before a consonant or at the end is a nasal n; final -am = -ao;
 *   - the gerund's d drops ("-ndo" = "-no") and the infinitive's final r drops
 *     ("vomita" = "vomitar") in words long enough not to collide.
 *
 * The key is only a search key for words the lexicon does not know: it never
 * replaces a known word (see spelling.ts), and it is computed on the accent-
 * and case-folded word (normalize.ts), so "ç" arrives as "c": "convulcao"
 * keys as K and is caught by the bounded edit distance instead.
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
const FRONT = new Set(['e', 'i', 'y']);

/** The phonetic key of one folded word (a-z); a word with other characters is returned as is. */
export function phoneticKey(word: string): string {
  if (!/^[a-z]+$/.test(word)) return word;
  let w = dedupe(word);
  // Dropped d of the gerund and dropped r of the infinitive (long words only).
  if (w.length >= 6 && w.endsWith('ndo')) w = w.slice(0, -3) + 'no';
  if (w.length >= 5 && w.endsWith('r') && VOWELS.has(w[w.length - 2] ?? '')) w = w.slice(0, -1);
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i] ?? '';
    const next = w[i + 1] ?? '';
    const after = w[i + 2] ?? '';
    switch (c) {
      case 'c':
        if (next === 'h') {
          out += 'X';
          i++;
        } else out += FRONT.has(next) ? 'S' : 'K';
        break;
      case 's':
        if (next === 'h') {
          out += 'X';
          i++;
        } else if (next === 'c' && FRONT.has(after)) {
          out += 'S';
          i++;
        } else out += 'S';
        break;
      case 'x':
        if (next === 'c' && FRONT.has(after)) {
          out += 'S';
          i++;
        } else out += 'X';
        break;
      case 'z':
        out += 'S';
        break;
      case 'q':
        out += 'K';
        if (next === 'u') {
          // "que"/"qui": the u is silent; "qua"/"quo": it is heard.
          if (!FRONT.has(after)) out += 'U';
          i++;
        }
        break;
      case 'k':
        out += 'K';
        break;
      case 'g':
        if (next === 'u' && FRONT.has(after)) {
          out += 'G';
          i++;
        } else out += FRONT.has(next) ? 'J' : 'G';
        break;
      case 'j':
        out += 'J';
        break;
      case 'l':
        if (next === 'h') {
          out += 'LI';
          i++;
        } else if (next === '' || (!VOWELS.has(next) && next !== 'y')) out += 'U';
        else out += 'L';
        break;
      case 'n':
        if (next === 'h') {
          out += 'NI';
          i++;
        } else out += 'N';
        break;
      case 'm':
        if (next === '' || (!VOWELS.has(next) && next !== 'y')) out += 'N';
        else out += 'M';
        break;
      case 'p':
        if (next === 'h') {
          out += 'F';
          i++;
        } else out += 'P';
        break;
      case 't':
        out += 'T';
        if (next === 'h') i++;
        break;
      case 'h':
        break; // mute
      case 'w':
        out += 'V';
        break;
      case 'y':
      case 'e':
      case 'i':
        out += 'I';
        break;
      case 'o':
      case 'u':
        out += 'U';
        break;
      default:
        out += c.toUpperCase();
    }
  }
  // "-am" at the end sounds "-ao" (already "AN" here): "ficaram" = "ficarao".
  if (out.endsWith('AN') && word.endsWith('am')) out = out.slice(0, -2) + 'AU';
  return dedupe(out);
}

/** Collapse runs of the same character: "diarreia" -> "diareia", "IIA" -> "IA". */
function dedupe(s: string): string {
  let out = '';
  for (const ch of s) if (ch !== out[out.length - 1]) out += ch;
  return out;
}

/**
 * A patient's answer to the hospital's question (a WhatsApp reply, whose
 * `context.id` names the question) is read alone, and, when it leans on the
 * question ("Sim", "tô sim", "👍", "39,4"), together with it: "Sim" to
 * "Você está com falta de ar?" is breathlessness. An answer that starts with
 * a "no", or says something of its own ("estou bem, obrigada"), is read
 * alone, so the question's words do not raise an alarm the answer denies.
 */
export function triageTexts(answer: string, question?: string): string[] {
  const texts = [answer];
  if (question?.trim() && leansOnQuestion(answer)) texts.push(`${question.trim()}\n${answer.trim()}`);
  return texts;
}

const wordSet = (words: string) => new Set(words.split(/\s+/));

/** Words (accents and case folded) that open a "yes". */
const YES = wordSet(
  'sim s ss sss si yes y isso exato exatamente aham ahan aha uhum uhun unhum hum claro positivo afirmativo e eh foi ' +
    'estou to tou esta ta tenho tive teve tem sinto senti sentindo continua continuo ainda piorou pior piorando ' +
    'muito muita bastante demais sempre pouco',
);
/** Two-word openings that mean "yes" or "somewhat". */
const YES_PAIRS = new Set(['com certeza', 'um pouco', 'mais ou', 'as vezes']);
const YES_EMOJI = new Set(['👍', '✅', '✔', '☑', '👌', '😢', '😞', '😣', '😖', '🤒', '🤢', '🤮']);
/** A "no" anywhere in the first words ("não", "ainda não", "to não") keeps the question out. */
const NO = new Set(['nao', 'n', 'nn', 'nunca', 'nenhum', 'nenhuma', 'nada', 'negativo', 'no', 'nope', 'jamais', 'nem', '👎', '❌']);
/** "Fine", "better" in the first words ("estou bem", "to melhor") answer with a state of their own. */
const FINE = new Set(['bem', 'melhor', 'otimo', 'otima', 'tranquilo', 'tranquila', 'normal', 'ok', 'beleza']);
/** Units and joiners a bare reading may carry ("38 graus", "12 por 8", "88%"). */
const READING_WORDS = new Set(['graus', 'grau', 'c', 'mmhg', 'bpm', 'por', 'x', 'vezes', 'vez', 'mg', 'dl', 'porcento', 'e', 'meio']);

export function leansOnQuestion(answer: string): boolean {
  const folded = answer.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const tokens = folded.match(/[\p{L}\p{N}]+|\p{Extended_Pictographic}/gu) ?? [];
  if (tokens.length === 0) return false;
  if (tokens.slice(0, 3).some((token) => NO.has(token))) return false;
  const first = tokens[0]!;
  if (first === 'bem') return ['mal', 'pior', 'ruim'].includes(tokens[1] ?? ''); // "bem mal" leans, "bem" alone is fine
  if (tokens.slice(0, 3).some((token) => FINE.has(token))) return false;
  if (YES.has(first) || YES_EMOJI.has(first) || YES_PAIRS.has(`${first} ${tokens[1] ?? ''}`)) return true;
  return tokens.some((token) => /^\d+$/.test(token)) && tokens.every((token) => /^\d+$/.test(token) || READING_WORDS.has(token));
}

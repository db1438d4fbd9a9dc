/**
 * Stage 3 of the pipeline, "who": is the symptom the patient's? The person
 * writing may be the patient or a relative reporting the patient ("minha mae
 * ta com febre": the mother is the patient), and both count. These do not:
 *
 *  - someone else: a neighbour, a pet, a TV character ("meu cachorro ta
 *    vomitando", "na novela a mocinha desmaiou"), from the cue to the end of
 *    its clause, unless it is a comparison ("respira tipo cachorro cansado");
 *  - someone said not to be the patient ("minha filha (nao e a paciente) ta
 *    com febre"): the sentence; a writer asking to visit or accompany the
 *    patient ("to gripada com febre, posso acompanhar minha mae amanha?"):
 *    what the writer said about themselves before asking;
 *  - a forwarded or chain message ("Encaminhando: dengue = febre alta..."):
 *    every sentence that is not a report about the patient;
 *  - a figure of speech ("morri de rir", "fila de matar", "mancha de acai") and
 *    a joke that uses an alarming word about a game, a bill or the news
 *    ("o Palmeiras me deixou sem ar kkk").
 *
 * "When" (resolved, history, hypothetical, negated) is in scopes.ts. All words
 * are data (rules file, `subject`).
 */
import type { Token } from './normalize';
import { findAll, type CompiledPattern, type Span } from './pattern';

/** Why a token is not about the patient (0: it is). */
export const SUBJECT = { patient: 0, someoneElse: 1, forwarded: 2, figureOfSpeech: 3, joke: 4 } as const;
export type SubjectCode = (typeof SUBJECT)[keyof typeof SUBJECT];

export const SUBJECT_REASON: Record<Exclude<SubjectCode, 0>, string> = {
  1: 'about someone other than the patient',
  2: 'a forwarded or chain message, not a report',
  3: 'a figure of speech',
  4: 'a joke',
};

export interface CompiledSubject {
  /** Someone who is not the patient: "vizinha", "cachorro", "personagem". */
  thirdParty: CompiledPattern[];
  /** "tipo", "igual", "que nem": a third-party word right after these is a comparison. */
  similes: CompiledPattern[];
  /** Said not to be the patient: "nao e paciente", "nao faz tratamento". */
  notPatient: CompiledPattern[];
  /** The writer asking to visit or accompany a named relative: the writer's own symptoms before it are a visitor's. */
  visit: CompiledPattern[];
  /** The talk turns to the patient: "a paciente e", "eu", "minha mae", "estou com". */
  patient: CompiledPattern[];
  /** Someone said to be well: "eu to bem", "a mae ta otima", "ela ta bem". */
  wellness: CompiledPattern[];
  /** The writer is the one in treatment: "to na quimio", "a quimio ta mantida?". */
  writerIsPatient: CompiledPattern[];
  /** A question about contact with the patient: "posso ficar perto dele?", "pode viajar?". */
  contactQuestion: CompiledPattern[];
  /** Forwarded and chain messages: "encaminhando", "repassem", "recebi no grupo". */
  forwarded: CompiledPattern[];
  /** Idioms: the matched words are not a symptom ("morrer de rir", "de matar"). */
  figures: CompiledPattern[];
  /** "kkk", "haha", "rsrs", 😂. */
  laughter: CompiledPattern[];
  /** In a laughing sentence, these say the alarming word is a joke ("jogo", "copa", "conta"). */
  jokeContext: CompiledPattern[];
}

/** Token index ranges [start, end) of each sentence. */
function sentences(tokens: readonly Token[]): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    if (i === tokens.length || tokens[i]?.kind === 'boundary') {
      if (i > start) out.push({ start, end: i });
      start = i + 1;
    }
  }
  return out;
}

function spansOf(patterns: readonly CompiledPattern[], tokens: readonly Token[]): Span[] {
  const spans: Span[] = [];
  for (const p of patterns) spans.push(...findAll(p, tokens));
  return spans.sort((a, b) => a.start - b.start);
}

const POSSESSIVE = new Set(['de', 'da', 'do', 'das', 'dos']);
/** The writer: a visitor or someone said not to be the patient may be the writer, so these do not turn the talk to the patient. */
const WRITER = new Set(['eu', 'estou', 'tenho', 'sinto', 'me']);
/** The writer, also in apposition: "Eu, a filha, estou gripada" (the daughter is the writer). */
function isWriter(tokens: readonly Token[], span: Span): boolean {
  if (WRITER.has(tokens[span.start]?.text ?? '')) return true;
  let k = span.start - 1;
  while (k >= 0 && tokens[k]?.kind === 'punct') k--;
  return tokens[k]?.text === 'eu';
}

/** Who reports on their own patient: the writer, or "minha"/"meu" someone. */
const REPORTER = new Set([...WRITER, 'minha', 'meu']);
/** A third party's clause is at most this many tokens (a run-on message moves on). */
const MAX_THIRD_PARTY_SCOPE = 10;

function within(spans: readonly Span[], range: Span): Span[] {
  return spans.filter((s) => s.start >= range.start && s.start < range.end);
}

/** Where a clause ends inside a sentence: a comma or "mas" starts the next one. */
const CLAUSE_BREAK = new Set([',', 'mas', 'porem']);
/** A pronoun names nobody in particular: "ela ta bem" may be any relative the message speaks of. */
const PRONOUN = new Set(['ela', 'ele']);

/** Clauses of a sentence: [start, end) split at commas and "mas". */
function clausesOf(tokens: readonly Token[], sentence: Span): Span[] {
  const out: Span[] = [];
  let start = sentence.start;
  for (let i = sentence.start; i <= sentence.end; i++) {
    if (i === sentence.end || CLAUSE_BREAK.has(tokens[i]?.text ?? '')) {
      if (i > start) out.push({ start, end: i });
      start = i + 1;
    }
  }
  return out;
}

/** Who a person span names: 'writer' ("eu", "estou"), 'pronoun' ("ela"), or the relation word ("mae", "marido"). */
function personOf(tokens: readonly Token[], span: Span): string {
  const first = tokens[span.start]?.text ?? '';
  if (WRITER.has(first)) return 'writer';
  const last = tokens[span.end - 1]?.text ?? '';
  return PRONOUN.has(last) ? 'pronoun' : last;
}

/**
 * "The patient is well; someone else is ill." Two shapes, each needing its own
 * evidence so that a relative reporting the patient is never set aside:
 *  - the writer says they are well and is the one in treatment ("meu marido ta
 *    com febre, eu to bem, to na quimio"): a relative's clauses are not the patient's;
 *  - a relative is said to be well and the writer asks about contact ("eu que
 *    to com febre, a mae ta otima, posso acompanhar ela?"): the writer's clauses are a visitor's.
 * A clause's person is the first person named in it, else the last one named before it in its sentence.
 */
function markWellPatientContrast(
  tokens: readonly Token[],
  s: CompiledSubject,
  patientSpans: readonly Span[],
  all: readonly Span[],
  mark: (from: number, to: number, code: SubjectCode) => void,
): void {
  const well = spansOf(s.wellness, tokens);
  if (well.length === 0) return;
  const wellPeople = new Set(well.map((w) => personOf(tokens, w)));
  const writerWell = wellPeople.has('writer') && spansOf(s.writerIsPatient, tokens).length > 0;
  const relativeWell = [...wellPeople].some((p) => p !== 'writer') && spansOf(s.contactQuestion, tokens).length > 0;
  if (!writerWell && !relativeWell) return;
  for (const sentence of all) {
    let person: string | undefined;
    for (const clause of clausesOf(tokens, sentence)) {
      if (well.some((w) => w.start >= clause.start && w.start < clause.end)) {
        person = undefined;
        continue;
      }
      const named = within(patientSpans, clause)[0];
      if (named) person = personOf(tokens, named);
      if (!person) continue;
      const someoneElse = person === 'writer' ? relativeWell : writerWell && person !== 'pronoun';
      if (someoneElse) mark(clause.start, clause.end, SUBJECT.someoneElse);
    }
  }
}

/** For each token, who it is about (SUBJECT codes). */
export function markSubjects(tokens: readonly Token[], s: CompiledSubject | undefined): Uint8Array {
  const out = new Uint8Array(tokens.length);
  if (!s || tokens.length === 0) return out;
  const mark = (from: number, to: number, code: SubjectCode): void => {
    for (let j = from; j < to; j++) if (out[j] === 0) out[j] = code;
  };
  const all = sentences(tokens);
  // "o gato DA minha filha" is still the cat: a possessive is not the patient as the subject.
  const patientSpans = spansOf(s.patient, tokens).filter((p) => !POSSESSIVE.has(tokens[p.start - 1]?.text ?? ''));

  // Forwarded / chain messages: every sentence that is not itself a report about the patient.
  // A report is the writer's own ("minha mae", "estou"): "a irma Clara" of a prayer chain is nobody's patient.
  if (spansOf(s.forwarded, tokens).length > 0) {
    const reports = patientSpans.filter((p) => REPORTER.has(tokens[p.start]?.text ?? ''));
    for (const sentence of all) {
      if (within(reports, sentence).length === 0) mark(sentence.start, sentence.end, SUBJECT.forwarded);
    }
  }

  // Said not to be the patient: the sentence, up to where the talk turns to the patient.
  const notPatient = spansOf(s.notPatient, tokens);
  for (const sentence of all) {
    const first = within(notPatient, sentence)[0];
    if (!first) continue;
    const turn = within(patientSpans, sentence).find((p) => p.start > first.end && !WRITER.has(tokens[p.start]?.text ?? ''));
    mark(sentence.start, turn ? turn.start : sentence.end, SUBJECT.someoneElse);
  }

  // The writer asks to visit or accompany a named relative (the patient): what the WRITER has before
  // that ("to gripada com febre, posso acompanhar minha mae?") is a visitor's. Only a clause in the
  // first person with no other subject: "minha mae ta com febre, posso acompanhar ela?" is the patient.
  // A question that opens its sentence ("... febre de 38. Posso acompanhar minha mae?") looks back one sentence.
  for (const cue of spansOf(s.visit, tokens)) {
    const at = all.findIndex((x) => cue.start >= x.start && cue.start < x.end);
    const sentence = all[at];
    if (!sentence) continue;
    const opens = tokens.slice(sentence.start, cue.start).filter((t) => t.kind === 'word').length <= 2;
    const from = opens && at > 0 ? (all[at - 1]?.start ?? sentence.start) : sentence.start;
    const before = within(patientSpans, { start: from, end: cue.start });
    const writerOnly = before.length > 0 && before.every((p) => isWriter(tokens, p));
    if (writerOnly) mark(from, cue.start, SUBJECT.someoneElse);
  }

  markWellPatientContrast(tokens, s, patientSpans, all, mark);

  // Someone else as the subject: from the cue to the end of its clause.
  const similes = spansOf(s.similes, tokens);
  for (const cue of spansOf(s.thirdParty, tokens)) {
    if (similes.some((m) => m.end === cue.start || m.end + 1 === cue.start)) continue;
    let j = cue.start;
    for (; j < tokens.length && j < cue.start + MAX_THIRD_PARTY_SCOPE; j++) {
      const tok = tokens[j];
      if (!tok || tok.kind === 'boundary') break;
      if (j >= cue.end && patientSpans.some((p) => p.start === j)) break;
    }
    mark(cue.start, j, SUBJECT.someoneElse);
  }

  for (const fig of spansOf(s.figures, tokens)) mark(fig.start, fig.end, SUBJECT.figureOfSpeech);

  // A laughing sentence about a game, a bill, the news: the alarming words in it are a joke.
  const laughter = spansOf(s.laughter, tokens);
  if (laughter.length > 0) {
    const context = spansOf(s.jokeContext, tokens);
    for (const sentence of all) {
      if (within(laughter, sentence).length > 0 && within(context, sentence).length > 0) mark(sentence.start, sentence.end, SUBJECT.joke);
    }
  }
  return out;
}

// Alert bodies the bench posts. Deterministic (seeded by the alert number),
// so every target receives byte-identical requests, and shaped like real
// traffic: Portuguese free text with varying numbers, not random bytes
// (random bytes would make compression look useless) nor one repeated
// string (which would make it look miraculous).

const SYMPTOMS = [
  'febre de {t} °C',
  'falta de ar ao caminhar',
  'dor no peito irradiando para o braço esquerdo',
  'tontura ao levantar',
  'confusão mental desde a manhã',
  'sangramento na ferida operatória',
  'pressão {p} mmHg medida em casa',
  'saturação de {s}% no oxímetro',
  'vômitos persistentes há {d} horas',
  'dor abdominal intensa',
  'inchaço na perna direita',
  'calafrios e sudorese noturna',
];
const OPENERS = ['Paciente relata', 'Filha informa que a paciente apresenta', 'Cuidador refere', 'Paciente informa por mensagem'];
const TAILS = [
  'Última medicação: dipirona 500 mg às {h}h.',
  'Nega alergias conhecidas.',
  'Pede orientação sobre ir ao pronto-socorro.',
  'Relata piora desde a alta hospitalar.',
  'Sem acompanhante no momento.',
  'Informa que mora a {d} km do hospital.',
];
const NAMES = [
  'Maria Aparecida Souza',
  'José Carlos Pereira',
  'Ana Lúcia Ferreira',
  'Antônio Marcos Lima',
  'Francisca Oliveira Santos',
  'João Batista Rocha',
];

/** mulberry32: tiny deterministic PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fill(template, rnd) {
  return template
    .replace('{t}', (38 + rnd() * 2.5).toFixed(1).replace('.', ','))
    .replace('{p}', `${Math.floor(80 + rnd() * 100)}x${Math.floor(50 + rnd() * 50)}`)
    .replace('{s}', String(Math.floor(82 + rnd() * 12)))
    .replace('{d}', String(1 + Math.floor(rnd() * 30)))
    .replace('{h}', String(Math.floor(rnd() * 24)));
}

const pick = (list, rnd) => list[Math.floor(rnd() * list.length)];

/** ~200 characters of clinical free text. */
function sentence(rnd, minLength) {
  let text = `${pick(OPENERS, rnd)} ${fill(pick(SYMPTOMS, rnd), rnd)}`;
  while (text.length < minLength - 40) text += `, ${fill(pick(SYMPTOMS, rnd), rnd)}`;
  return `${text}. ${fill(pick(TAILS, rnd), rnd)}`;
}

/** ~4 KiB of triage evidence: the conversation excerpts and rule matches behind the alert. */
function evidence(rnd, n) {
  const base = Date.UTC(2025, 0, 1, 8) + n * 60_000;
  const messages = [];
  const matches = [];
  let size = 0;
  for (let i = 0; i < 60 && size < 3300; i++) {
    const m = {
      at: new Date(base - (60 - i) * 37_000).toISOString(),
      from: rnd() < 0.7 ? 'patient' : 'agent',
      text: sentence(rnd, 60 + Math.floor(rnd() * 120)),
    };
    messages.push(m);
    size += JSON.stringify(m).length;
  }
  for (let i = 0; i < 6; i++) {
    matches.push({
      ruleId: `rule-${Math.floor(rnd() * 40)}`,
      term: pick(SYMPTOMS, rnd).replace(/ \{.\}.*/, ''),
      score: Number(rnd().toFixed(3)),
      scope: 'message',
    });
  }
  return { messages, matches };
}

/**
 * The POST /api/alerts body for alert number `n` of `phase`, sent to a tenant.
 * `sentAt` is filled in by the poster immediately before the request is written.
 */
export function alertBody(n, phase, kind) {
  const rnd = prng(n * 7919 + (phase === 'burst' ? 1 : phase === 'warmup' ? 2 : 3));
  const patient = Math.floor(rnd() * NAMES.length);
  const metadata = { phase, n, source: 'triage', ruleId: `rule-${Math.floor(rnd() * 40)}`, score: Number(rnd().toFixed(3)) };
  if (kind === 'large') metadata.evidence = evidence(rnd, n);
  return {
    patientId: `bench-patient-${patient}`,
    patientName: NAMES[patient],
    type: 'critical_symptom',
    severity: 'critical',
    message: sentence(rnd, 200),
    metadata,
  };
}

export const PATIENT_COUNT = NAMES.length;
export const patientName = (i) => NAMES[i % NAMES.length];

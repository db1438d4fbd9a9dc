import { type TriageRules } from './rules-schema';
import { defaultRules, triageMessage } from './triage-engine';

/**
 * Labelled critical messages (the critical entries of fixtures/dev.jsonl and
 * fixtures/heldout.jsonl, plus plain fever readings) that a tenant extension
 * must not silence. Kept in code, not read from the fixtures, so the built
 * server carries them; checked together with every critical rule's `examples`.
 */
const CURATED_CRITICAL: readonly string[] = [
  'Boa tarde, estou com febre de 38,5 desde ontem a noite',
  'to com febre alta e muito calafrio',
  'minha mae ta com febre, medi agora deu 39',
  'termometro marcou 37,9',
  'estou com muita falta de ar, nao consigo nem andar ate o banheiro',
  'nao consigo respirar direito desde cedo',
  'ta dificil de respirar',
  'sinto uma dor no peito que aperta',
  'dor forte no peito e no braço esquerdo',
  'vomitei sangue agora pouco',
  'meu nariz ta sangrando faz uma hora e nao para',
  'saiu sangue nas fezes hoje, bastante',
  'urina com sangue',
  'ele desmaiou no banheiro',
  'meu pai ta confuso, nao reconhece a gente',
  'ela teve uma convulsao agora',
  'nao paro nada no estomago, vomito ate agua desde ontem',
  'nao faço xixi desde ontem de manha',
  'meu rosto e a garganta incharam depois do remedio',
  'as vezes penso em tirar minha propria vida',
  'FEBRE 38 E TREMEDEIRA',
  'tô com febri desde onti',
  'falta de ar quando deito',
  'to sem ar',
  'desmaiei hoje cedo',
  'meu marido ta falando coisa sem sentido desde a tarde',
  'gengiva sangrando sem parar',
  'boa noite, meu filho ta com 38 e meio de febre',
  'temperatura 38.2 agora a noite',
  'to febril desde cedo e sentindo muito frio',
  'estou tremendo de frio e com febre',
  'minha esposa ta com febre alta desde a madrugada, o que eu faço?',
  'não tô conseguindo respirar, me ajuda',
  'sinto falta de ar ate pra falar',
  'faltando ar desde ontem a noite',
  'ele ta respirando com muita dificuldade',
  'aperto no peito forte desde de manha',
  'meu peito ta doendo muito',
  'tossi sangue hj de manha',
  'meu coco ta saindo com sangue',
  'sangramento pela vagina que nao para',
  'minha mae desmaiou agora na cozinha',
  'ele apagou no sofa e ta dificil de acordar',
  'meu pai ta muito confuso hoje, nao sabe onde ta',
  'teve uma convulsão agora pouco, ficou se debatendo',
  'tudo que bebo volta, nem agua para no estomago',
  'desde ontem de manha que nao sai xixi',
  'inchou a boca e a lingua depois da quimio, ta dificil engolir',
  'nao aguento mais, quero morrer',
  'sem febre mas to com falta de ar forte',
  'nao tive diarreia hoje, mas estou com febre de 39',
  'FEBRE DE NOVO 37,9',
  'ta com febri e calafrio',
  'Enfermeira, o termometro deu 38 graus agora',
  'vomitei com sangue hoje cedo',
  'estou com febre de 39',
  'febre de 39 agora',
  'to com febre de 39',
];

let baseline: readonly string[] | undefined;

/** The examples the base rules call critical (computed once). */
export function criticalBaseline(): readonly string[] {
  baseline ??= [
    ...new Set([
      ...defaultRules.rules.filter((rule) => rule.severity === 'critical').flatMap((rule) => rule.examples ?? []),
      ...CURATED_CRITICAL,
    ]),
  ].filter((text) => triageMessage(text, defaultRules).severity === 'critical');
  return baseline;
}

/**
 * Extensions can add, never subtract: returns the first critical example the
 * extended rules no longer call critical (a tenant's negation or
 * hypothetical cue swallowing a base rule), or undefined when none is lost.
 */
export function silencedCriticalExample(extended: TriageRules): string | undefined {
  return criticalBaseline().find((text) => triageMessage(text, extended).severity !== 'critical');
}

/** Stage 3 (who and when) and stage 5 (never silent on risk), through the pipeline. */
import { describe, expect, it } from 'vitest';
import { compileRules } from './compile-rules';
import { defaultRules, triageMessage } from './index';
import { normalize } from './normalize';
import { markSubjects, SUBJECT } from './subject-scope';

const severity = (text: string): string => triageMessage(text).severity;

describe('markSubjects', () => {
  const compiled = compileRules(defaultRules);
  const codes = (text: string): Record<string, number> => {
    const tokens = normalize(text, compiled.lexicon);
    const marks = markSubjects(tokens, compiled.subject);
    return Object.fromEntries(tokens.map((t, i) => [t.text, marks[i] ?? 0]));
  };

  it("marks a third party's clause, and stops where the talk turns to the patient", () => {
    const c = codes('a vizinha desmaiou e minha mae ta com febre');
    expect(c.desmaio).toBe(SUBJECT.someoneElse);
    expect(c.febre).toBe(SUBJECT.patient);
  });

  it('a possessive does not turn the talk: "o gato da minha filha" is still the cat', () => {
    expect(codes('o gato da minha filha teve convulsao').convulsao).toBe(SUBJECT.someoneElse);
  });

  it('a comparison is not a third party', () => {
    expect(codes('respira tipo cachorro cansado').respirar).toBe(SUBJECT.patient);
  });

  it('codes forwarded messages, idioms and jokes', () => {
    expect(codes('Encaminhando: febre alta e dor no corpo').febre).toBe(SUBJECT.forwarded);
    expect(codes('morri de rir').morrer).toBe(SUBJECT.figureOfSpeech);
    expect(codes('o jogo me deixou sem ar kkk').falta_de_ar).toBe(SUBJECT.joke);
  });

  it('without a subject section nothing is marked', () => {
    expect([...markSubjects(normalize('meu cachorro vomitou', compiled.lexicon), undefined)].every((c) => c === 0)).toBe(true);
  });
});

describe('who: the patient, or a relative reporting the patient, counts', () => {
  it.each([
    'minha mae ta com febre de 39',
    'meu pai desmaiou no banheiro',
    'ela ta com falta de ar, sou a filha dela',
    'a vizinha trouxe ele pra casa e ele ta com febre alta',
    'o cachorro latiu a noite toda e eu to com febre',
    'to com febre, posso receber visita?',
    'minha mae ta com febre, posso acompanhar ela na consulta amanha?',
  ])('%s -> critical', (text) => {
    expect(severity(text)).toBe('critical');
  });
});

describe('who: someone else does not count', () => {
  it.each([
    'meu cachorro ta vomitando desde ontem, alguem conhece um veterinario?',
    'o gato da minha filha teve convulsao',
    'meu vizinho esta com febre alta',
    'na novela a personagem desmaiou',
    'minha filha (nao e a paciente) ta com febre de 38',
    'meu sogro, que nao faz tratamento ai, ta com diarreia e febre',
    'to gripada com febre, posso acompanhar minha mae na quimio amanha?',
    'a neta ta com virose vomitando, posso receber visita dela?',
    'Encaminhando: Dengue = febre alta, dor atras dos olhos. Compartilhe!',
    'Recebi no grupo: pacientes de quimio com falta de ar devem tomar cha. E verdade?',
  ])('%s -> none', (text) => {
    expect(['none', 'medium']).toContain(severity(text));
  });

  it('explains what it set aside and why', () => {
    const r = triageMessage('meu vizinho esta com febre alta');
    expect(r.decidedBy).toBe('rules');
    expect(r.setAside?.[0]).toMatchObject({ symptom: 'fever', why: 'about someone other than the patient' });
    expect(r.reason).toContain('someone other than the patient');
  });

  it('a forwarded message still counts a report about the patient', () => {
    expect(severity('Recebi no grupo que cha baixa febre. Minha mae ta com 38,5, posso dar?')).toBe('critical');
  });

  it('a sentence that turns to the patient counts', () => {
    expect(severity('A minha filha tem febre, mas ela nao e paciente. A paciente e minha mae, que ta com falta de ar')).toBe('critical');
  });
});

describe('when: now, not the past, a question or a figure of speech', () => {
  it.each([
    'a febre de terca nao voltou',
    'teve 38,5 quinta passada, hoje ta 36,4',
    'a partir de 37,8 e febre, ne?',
    'quem tiver febre deve procurar o PS?',
    'costuma dar enjoo depois da quimio?',
    'morri de rir com o video kkkk',
    'essa fila ta de matar',
    'quase desmaiei de susto com a conta de luz',
    'o Palmeiras me deixou sem ar ontem kkk que jogo',
    'a febre da Copa tomou conta da familia kkk',
    'minha blusa ficou cheia de mancha de acai',
  ])('%s -> not an alarm', (text) => {
    expect(['none', 'medium']).toContain(severity(text));
  });

  it('laughing about a real symptom is still a symptom', () => {
    expect(severity('to com febre de 38 kkk nem acredito')).toBe('critical');
  });
});

describe('never silent on risk (stage 5): self-harm by anyone, in any wording', () => {
  it.each([
    'quero morrer',
    'nao aguento mais viver assim',
    'ela falou que nao quer mais viver',
    'meu vizinho disse que quer se matar',
    'ela disse "se continuar assim eu me jogo da janela"',
    'meu marido disse rindo que ia se enforcar kkk, nao sei se e brincadeira',
    'minha mae ta escrevendo cartas de despedida pra gente',
    'a minha tia disse que vai parar de comer pra morrer logo',
    'to pensando em acaba com tudo',
    'ano passado ele tentou se matar e hoje falou de novo em sumir',
    'Encaminhando: pensei em tomar todos os remedios de uma vez',
    'ele vive dizendo que quer morrer',
    'ela disse que se mata se eu for embora',
  ])('%s -> critical (safety)', (text) => {
    const r = triageMessage(text);
    expect(r).toMatchObject({ severity: 'critical', symptom: 'self_harm', decidedBy: 'safety' });
    expect(r.reason).toMatch(/^never silent on risk/);
  });

  it('a denial or an idiom is not a threat', () => {
    for (const text of [
      'nunca pensei em me matar',
      'to morrendo de saudade',
      'quero morrer de vergonha kkk',
      'meu marido falou que vai me matar se eu esquecer o remedio dele kkkk',
    ]) {
      expect(severity(text), text).toBe('none');
    }
  });
});

describe('who: the patient is well, someone else is ill (rules 1.5)', () => {
  it('the writer in treatment says they are well: a relative’s symptoms are not the patient’s', () => {
    expect(severity('Meu marido tá gripado, com febre e tosse. Eu tô bem, sem nada, mas posso ficar perto dele? Tô na quimio')).toBe(
      'none',
    );
    expect(severity('meu neto ta com febre da creche mas eu to bem, posso ir na quimio amanha?')).toBe('none');
  });

  it('a relative reporting the patient still rings, even when the writer says they are well', () => {
    expect(severity('minha mãe está com febre 38, eu estou bem, posso visitar ela?')).toBe('critical');
    expect(severity('meu marido tá com febre, eu tô bem')).toBe('critical');
    expect(severity('tô bem mas com febre 38, posso ir na quimio?')).toBe('critical');
  });

  it('a relative is said to be well and the writer asks to accompany: the writer’s symptoms are a visitor’s', () => {
    expect(severity('eu que to com febre aqui, 38,5, a mãe tá ótima graças a deus. posso ir acompanhar ela amanhã de máscara?')).toBe(
      'none',
    );
    expect(severity('Eu, a filha, estou gripada com febre de 38. Posso acompanhar minha mãe no hospital amanhã?')).toBe('none');
    // Not a visit: asking to come in is the patient's own question.
    expect(severity('ela ta bem mas eu to com falta de ar, posso ir amanha?')).toBe('critical');
    expect(severity('Minha mãe está com febre de 38. Posso acompanhar ela amanhã?')).toBe('critical');
  });

  it('in a chain message only the writer’s own report counts', () => {
    expect(severity('ORAÇÃO PODEROSA compartilhe com 10 pessoas pra que a irmã Clara que está com falta de ar receba a cura')).toBe('none');
    expect(severity('Encaminhando: minha mae esta com febre desde ontem')).toBe('critical');
  });

  it('someone found by a neighbour is the patient; an unnamed person in the waiting room is not', () => {
    expect(severity('a vizinha achou ela caida no chao da cozinha meio desacordada')).toBe('critical');
    expect(severity('Na sala de espera um senhor passou mal e desmaiou, foi um susto. Minha mãe está bem')).toBe('none');
  });
});

describe('when: conditions and guessed answers (rules 1.5)', () => {
  it('a negation inside a condition stays a condition', () => {
    expect(severity('o doutor falou que se ela ficar doze horas sem fazer xixi é pra ir pro hospital')).toBe('none');
    expect(severity('se ela ficar com febre é pra ir')).toBe('none');
    expect(severity('ja sao 14 horas sem xixi')).toBe('critical');
  });

  it('a condition’s own negated verb does not deny the threat that follows', () => {
    expect(severity('se essa quimio nao funcionar eu me jogo da ponte kkkk to brincando')).toBe('critical');
  });

  it('numbers offered as the answer to a threshold question are not readings', () => {
    expect(severity('a partir de quantos graus eu tenho que ligar pra vcs? 37,8 né?')).toBe('none');
    expect(severity('oi, a partir de quanto é febre? 37,5 ou 37,8? quero deixar anotado')).toBe('none');
    expect(severity('ta com febre? 38,5.')).toBe('critical');
    expect(severity('qual a temperatura boa? ta 38,5')).toBe('critical');
  });

  it('idioms about money, joy and heartache', () => {
    expect(severity('Essa conta de luz me deu falta de ar')).toBe('none');
    expect(severity('sangrando no cartão de crédito com essa farmacia')).toBe('none');
    expect(severity('vou desmaiar de felicidade, a dra falou que o tumor diminuiu')).toBe('none');
    expect(severity('o coração da gente dói de ver ele careca assim')).toBe('none');
  });
});

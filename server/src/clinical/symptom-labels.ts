/**
 * pt-BR names of the triage symptom keys (rules/pt-BR.json), for the alert
 * texts nurses read. A key a tenant extension adds shows as-is.
 */
const LABELS: Record<string, string> = {
  allergic_reaction: 'Reação alérgica',
  appetite: 'Falta de apetite',
  bleeding: 'Sangramento',
  blood_glucose: 'Glicemia alterada',
  blood_pressure: 'Pressão arterial alterada',
  catheter_site: 'Problema no cateter',
  chest_pain: 'Dor no peito',
  chills: 'Calafrios',
  confusion: 'Confusão mental',
  constipation: 'Intestino preso',
  cough: 'Tosse',
  dehydration: 'Não consegue manter líquidos',
  diarrhea: 'Diarreia',
  dizziness: 'Tontura',
  drowsiness: 'Sonolência',
  dyspnea: 'Falta de ar',
  fall: 'Queda',
  fatigue: 'Cansaço',
  fever: 'Febre',
  general_deterioration: 'Piora do estado geral',
  heart_rate: 'Frequência cardíaca alterada',
  leg_swelling: 'Perna inchada e dolorida',
  mucositis: 'Feridas na boca',
  nausea: 'Náusea',
  neuropathy: 'Formigamento',
  pain: 'Dor',
  rash: 'Manchas na pele',
  seizure: 'Convulsão',
  self_harm: 'Pensamentos de autolesão',
  syncope: 'Desmaio',
  urinary: 'Alteração urinária',
  urinary_retention: 'Sem urinar',
  vomiting: 'Vômitos',
  weakness: 'Fraqueza',
  triage_failed: 'Mensagem para revisão (triagem automática falhou)',
};

export const symptomLabel = (symptom: string): string => LABELS[symptom] ?? (symptom || 'Sintoma');

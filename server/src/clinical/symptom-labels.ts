/** pt-BR names of triage symptom keys, for alert texts nurses read. Unknown keys show as-is. */
const LABELS: Record<string, string> = {
  fever: 'Febre',
  dyspnea: 'Falta de ar',
  chest_pain: 'Dor no peito',
  bleeding: 'Sangramento',
  syncope: 'Desmaio',
  confusion: 'Confusão mental',
  seizure: 'Convulsão',
  dehydration: 'Não consegue manter líquidos',
  anuria: 'Sem urinar',
  angioedema: 'Inchaço de rosto/garganta',
  self_harm: 'Pensamentos de autolesão',
  vomiting: 'Vômitos',
  diarrhea: 'Diarreia',
  mucositis: 'Feridas na boca',
  pain: 'Dor intensa',
  dvt: 'Perna inchada e dolorida',
  rash: 'Manchas na pele',
};

export const symptomLabel = (symptom: string): string => LABELS[symptom] ?? (symptom || 'Sintoma');

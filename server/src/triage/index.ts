/**
 * Public API of the pt-BR symptom triage pipeline: pure functions, no NestJS,
 * no database. Rules are data (rules/pt-BR.json), validated with zod; the
 * learned second opinion is data too (model/pt-BR.json, `npm run train:triage`).
 */
export { triageMessage, defaultRules, defaultModel, severityRank, normalizedTokens } from './triage-engine';
export type { TriageResult, TriageFinding, TriageOptions, TriageStage, SetAside, Severity } from './triage-engine';
export { loadRules, extendRules, TriageRulesError, rulesSchema, rulesExtensionSchema, SEVERITIES } from './rules-schema';
export type { TriageRules, TriageRule, TriageRulesExtension } from './rules-schema';
export { loadModel, TriageModelError } from './triage-model';
export type { TriageModel } from './triage-model';
export { silencedCriticalExample } from './critical-examples';

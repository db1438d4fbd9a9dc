/**
 * Public API of the pt-BR symptom triage engine: pure functions, no NestJS,
 * no database. Rules are data (rules/pt-BR.json), validated with zod.
 */
export { triageMessage, defaultRules, severityRank, normalizedTokens } from './triage-engine';
export type { TriageResult, TriageFinding, Severity } from './triage-engine';
export { loadRules, extendRules, TriageRulesError, rulesSchema, rulesExtensionSchema, SEVERITIES } from './rules-schema';
export type { TriageRules, TriageRule, TriageRulesExtension } from './rules-schema';
export { silencedCriticalExample } from './critical-examples';

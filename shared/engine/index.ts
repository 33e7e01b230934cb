/** @module Decision engine public API: decide, compile, validate, catalogue, default pack, explain. */
export * from './types';
export * from './catalogue';
export { Settings, DEFAULT_SETTINGS, type SettingsInput } from './settings';
export { decide } from './decide';
export { compileRuleSet, type CompiledRuleSet } from './compile';
export { validateRuleSet, type RuleSetError, type RuleSetValidation, type TemplateRef } from './validate';
export { normalizeText, keywordText, matchKeywords, compileKeywords, containsWithinOneEdit, type KeywordMode } from './fuzzy';
export { explainTrace, explainFailure, type ExplainNames } from './explain';
export { DEFAULT_TEMPLATES, DEFAULT_RULE_SET, defaultPackInput } from './default-pack';
export { DEFAULT_FAQ, type FaqEntryInput } from './default-faq';
export { varsFromFacts, expectedWaitText, resolveTemplate, renderAction, type ServerVars } from './reply';
export type { Lang, EvalCtx } from './conditions';
export { isProbeText } from './probe';
